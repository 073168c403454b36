package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A burst of relayed mail over several sessions drains completely: every message reaches the relay and the queue
 * ends empty (the other relay tests send one message at a time).
 */
class RelayBurstTest {
  private static final int SESSIONS = 4;
  private static final int PER_SESSION = 60;

  @Test
  void aBurstOverSeveralSessionsIsRelayedWholeAndTheQueueEndsEmpty() throws Exception {
    try (RecordingSmtpServer relay = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(RelayFailoverTest.closedPort(), """
             [[relay]]
             name = "sink"
             host = "127.0.0.1"
             port = %d
             tls = "none"
             max_connections = 2
             """.formatted(relay.port())))) {
      String script = """
          import smtplib, sys, threading
          port, sessions, per = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
          errors = []
          def run(n):
              try:
                  s = smtplib.SMTP('127.0.0.1', port, local_hostname='client.test', timeout=60)
                  for i in range(per):
                      msg = ('From: alice@example.test\\r\\nTo: dave@example.org\\r\\nSubject: burst %d-%d\\r\\n\\r\\n'
                             % (n, i) + 'x' * 2000 + '\\r\\n')
                      s.sendmail('alice@example.test', ['dave@example.org'], msg)
                  s.quit()
              except Exception as e:
                  errors.append(repr(e))
          threads = [threading.Thread(target=run, args=(n,)) for n in range(sessions)]
          for t in threads: t.start()
          for t in threads: t.join()
          print('errors:', errors) if errors else print('sent')
          """;
      Process p = new ProcessBuilder("python3", "-c", script, String.valueOf(server.port("smtp")),
          String.valueOf(SESSIONS), String.valueOf(PER_SESSION)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("sent");

      int total = SESSIONS * PER_SESSION;
      assertThat(relay.await(total)).hasSize(total);
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
    }
  }
}
