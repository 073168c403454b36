package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The POP3 autologout timer (RFC 1939 §3): a silent logged-in session is closed without entering the UPDATE
 * state, so messages it marked deleted stay. The configuration file refuses less than the RFC's 10 minutes; the
 * server here is built with 2 s through the embedding API.
 */
class Pop3IdleTimeoutTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("", b -> b.pop3Settings(s -> s.withIdleTimeout(Duration.ofSeconds(2))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void silentSessionIsClosedAndItsDeletionsAreKept() throws Exception {
    String user = Pop3Fixture.account(server, "idle", 3);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-idle");
      assertThat(pop.command("DELE 1")).startsWith("+OK");
      long start = System.nanoTime();
      assertThat(pop.line()).isEqualTo("-ERR autologout: idle for too long");
      assertThat(pop.closedByServer()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1500L, 8000L);
    }
    assertThat(Pop3Fixture.inboxCount(server, user)).as("no UPDATE state on autologout").isEqualTo(3);
  }

  @Test
  void commandsKeepTheSessionAlive() throws Exception {
    String user = Pop3Fixture.account(server, "busy", 1);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-busy");
      for (int i = 0; i < 6; i++) {
        Thread.sleep(700);
        assertThat(pop.command("NOOP")).startsWith("+OK");
      }
    }
  }
}
