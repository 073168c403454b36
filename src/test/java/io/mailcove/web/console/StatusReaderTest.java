package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailcove.admin.Actor;
import io.mailcove.admin.AdminException;
import io.mailcove.queue.OutboundMessage;
import io.mailcove.queue.OutboundRecipient;
import io.mailcove.queue.Origin;
import io.mailcove.queue.QueuedRecipient;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server status of the console, read from a running server. */
class StatusReaderTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  private static final Actor ADMIN = Actor.account(TestServer.BOB);

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-07T04:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private StatusReader reader(Clock clock) {
    TestServer s = server.get();
    return new StatusReader(() -> s.server().services(), s.app().context().tls(), s.dataDir(), s::admin, clock);
  }

  @Test
  void listenersWithTheirAddressAndTls() {
    ServerStatus status = reader(Clock.systemUTC()).read(ADMIN);
    assertThat(status.listeners()).extracting(ServerStatus.Listener::name)
        .containsExactly("smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "https", "http");
    assertThat(status.listeners()).contains(
        new ServerStatus.Listener("smtp", "127.0.0.1:" + server.port("smtp"), ServerStatus.Tls.STARTTLS),
        new ServerStatus.Listener("imaps", "127.0.0.1:" + server.port("imaps"), ServerStatus.Tls.IMPLICIT),
        new ServerStatus.Listener("https", "127.0.0.1:" + server.port("https"), ServerStatus.Tls.IMPLICIT),
        new ServerStatus.Listener("http", "127.0.0.1:" + server.port("http"), ServerStatus.Tls.NONE));
  }

  @Test
  void certificateNamesAndExpiry() {
    Instant now = Instant.now();
    ServerStatus status = reader(Clock.systemUTC()).read(ADMIN);
    ServerStatus.Certificate c = status.certificate();
    // the self-signed certificate made for the hostname, valid for ten years
    assertThat(c.names()).contains("mx.example.test");
    assertThat(c.selfSigned()).isTrue();
    assertThat(c.expired(now)).isFalse();
    assertThat(c.daysLeft(now)).isBetween(3600L, 3660L);
    assertThat(c.expired(c.notAfter())).isTrue();
    assertThat(c.daysLeft(c.notAfter().plus(Duration.ofHours(1)))).isEqualTo(-1);
  }

  @Test
  void versionAndUptime() {
    TestClock clock = new TestClock();
    StatusReader reader = reader(clock);
    clock.advance(Duration.ofMinutes(90));
    ServerStatus status = reader.read(ADMIN);
    assertThat(status.uptime()).isEqualTo(Duration.ofMinutes(90));
    assertThat(status.version()).isNotBlank();
  }

  @Test
  void storeSizeGrowsWithMailAndIsMeasuredAtMostOnceAMinute() throws Exception {
    TestClock clock = new TestClock();
    StatusReader reader = reader(clock);
    long before = reader.read(ADMIN).storeBytes();
    assertThat(before).isPositive();

    String body = "x".repeat(76) + "\r\n";
    Python.output("""
        import smtplib, sys
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
        s.sendmail('someone@remote.example', ['alice@example.test'],
                   'From: someone@remote.example\\r\\nSubject: big\\r\\n\\r\\n' + sys.argv[2] * 4000)
        s.quit()
        """, server.port("smtp"), body);
    assertThat(reader.read(ADMIN).storeBytes()).as("measured again only after a minute").isEqualTo(before);
    clock.advance(Duration.ofSeconds(61));
    assertThat(reader.read(ADMIN).storeBytes()).isGreaterThanOrEqualTo(before + 4000L * 78);
  }

  @Test
  void queueSize() throws Exception {
    StatusReader reader = reader(Clock.systemUTC());
    int before = reader.read(ADMIN).queuedMessages();
    var blob = server.store().blobs().put("From: alice@example.test\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8));
    long id = server.get().app().queue().store().insert(new OutboundMessage(blob, TestServer.ALICE,
        List.of(OutboundRecipient.of("carol@remote.example")), null, null, false, false, null, Origin.SUBMISSION),
        "mail", QueuedRecipient.PENDING, Instant.now().plus(Duration.ofHours(1))).id();
    try {
      assertThat(reader.read(ADMIN).queuedMessages()).isEqualTo(before + 1);
    } finally {
      server.get().admin().queue().delete(ADMIN, id);
    }
    assertThat(reader.read(ADMIN).queuedMessages()).isEqualTo(before);
  }

  @Test
  void onlyAnAdministratorReadsIt() {
    assertThatThrownBy(() -> reader(Clock.systemUTC()).read(Actor.account(TestServer.ALICE)))
        .isInstanceOfSatisfying(AdminException.class,
            e -> assertThat(e.kind()).isEqualTo(AdminException.Kind.FORBIDDEN));
  }
}
