package io.mailcove.queue;

import io.mailcove.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared pieces of the outbound tests: configuration, submission through real SMTP clients, waiting for the queue. */
final class Outbox {
  private Outbox() {}

  /**
   * Configuration for a test server whose outbound mail goes to {@code mxPort} on 127.0.0.1 for example.net
   * (static DNS, nothing real is asked), retries after a second, polls often. Trusted network: 127.0.0.0/8.
   */
  static String config(int mxPort, String extra) {
    return config(mxPort, "", extra);
  }

  /** The same with extra keys for the [queue] section (a retry_schedule there replaces the one-second one). */
  static String config(int mxPort, String queueExtra, String extra) {
    return """
        [smtp]
        trusted_networks = ["127.0.0.0/8"]
        loopback_plaintext_auth = true
        [queue]
        %s
        poll_interval = "100ms"
        smtp_port = %d
        idle_connection = "2s"
        %s
        [dns]
        resolver = "static"
        [[dns.static]]
        name = "example.net"
        mx = ["10 mx.example.net"]
        [[dns.static]]
        name = "mx.example.net"
        a = ["127.0.0.1"]
        """.formatted(queueExtra.contains("retry_schedule") ? "" : "retry_schedule = [\"1s\"]", mxPort, queueExtra)
        + extra;
  }

  static String message(String from, String to, String subject, String body) {
    return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000"
        + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@example.test>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
  }

  /**
   * Sends with Python's smtplib to {@code port}: with {@code user} it logs in (submission), without it relays as a
   * trusted network client. Extra MAIL/RCPT options such as "NOTIFY=NEVER" may be given. Returns smtplib's output.
   */
  static String send(int port, String user, String password, String from, List<String> to, String message,
                     List<String> mailOptions, List<String> rcptOptions) throws IOException, InterruptedException {
    Path file = Files.createTempFile("outbox", ".eml");
    Files.writeString(file, message, StandardCharsets.UTF_8);
    String script = """
        import smtplib, sys, json
        port, user, password, sender, rcpts, path, mopts, ropts = sys.argv[1:9]
        s = smtplib.SMTP('127.0.0.1', int(port), local_hostname='client.test', timeout=30)
        s.ehlo()
        if user:
            s.login(user, password)
        data = open(path, 'rb').read()
        s.sendmail(sender, json.loads(rcpts), data, json.loads(mopts), json.loads(ropts))
        s.quit()
        print('sent')
        """;
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", script, String.valueOf(port), user == null ? ""
        : user, password == null ? "" : password, from, json(to), file.toString(), json(mailOptions),
        json(rcptOptions)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    Files.deleteIfExists(file);
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0 || !text.contains("sent")) {
      throw new AssertionError("smtplib failed: " + text);
    }
    return text;
  }

  static void relay(TestServer server, String from, String to, String message) throws Exception {
    send(server.port("smtp"), null, null, from, List.of(to), message, List.of(), List.of());
  }

  static void submit(TestServer server, String from, String to, String message) throws Exception {
    send(server.port("submission"), TestServer.ALICE, TestServer.ALICE_PASSWORD, from, List.of(to), message,
        List.of(), List.of());
  }

  private static String json(List<String> list) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(list.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return sb.append(']').toString();
  }

  /** The messages in an account's INBOX, straight from the store. */
  static List<String> inbox(TestServer server, String address) {
    long accountId = server.account(address).id();
    var inbox = server.store().mail().mailbox(accountId, "INBOX").orElseThrow();
    List<String> out = new ArrayList<>();
    for (var m : server.store().mail().messages(inbox.id())) {
      try {
        out.add(new String(server.store().blobs().read(m.blobId()), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out;
  }

  static QueueStore queue(TestServer server) {
    return server.app().queue().store();
  }

  /** Waits (at most 30 s) until the condition holds; fails with the description otherwise. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The single queued message's recipient, once its state satisfies the predicate. */
  static QueuedRecipient awaitRecipient(TestServer server, String what,
                                        java.util.function.Predicate<QueuedRecipient> p) throws InterruptedException {
    QueuedRecipient[] found = new QueuedRecipient[1];
    await(what, () -> {
      for (QueuedMessage m : queue(server).list()) {
        for (QueuedRecipient r : m.recipients()) {
          if (p.test(r)) {
            found[0] = r;
            return true;
          }
        }
      }
      return false;
    });
    return found[0];
  }
}
