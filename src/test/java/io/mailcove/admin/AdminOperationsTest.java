package io.mailcove.admin;

import static io.mailcove.admin.AdminException.Kind.CONFLICT;
import static io.mailcove.admin.AdminException.Kind.INVALID;
import static io.mailcove.admin.AdminException.Kind.NOT_FOUND;
import static io.mailcove.admin.AdminFixture.BOSS;
import static io.mailcove.admin.AdminFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.queue.OutboundMessage;
import io.mailcove.queue.OutboundRecipient;
import io.mailcove.queue.Origin;
import io.mailcove.queue.QueueStore;
import io.mailcove.queue.QueuedRecipient;
import io.mailcove.store.Ban;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKIM keys, bans and the queue through the admin service against a real store. */
class AdminOperationsTest {
  @TempDir
  Path dir;
  AdminFixture f;

  @BeforeEach
  void setUp() {
    f = new AdminFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void dkimRotateAndRemove() {
    List<DkimKeyView> before = f.admin.dkim().list(BOSS, "Example.COM");
    assertThat(before).hasSize(2).allMatch(DkimKeyView::active);
    assertThat(before).extracting(DkimKeyView::algorithm).containsExactlyInAnyOrder("rsa-sha256", "ed25519-sha256");
    assertThat(before.get(0).recordName()).isEqualTo(before.get(0).selector() + "._domainkey.example.com");
    assertThat(before.get(0).recordValue()).startsWith("v=DKIM1; k=");

    DkimAdmin.Rotation r = f.admin.dkim().rotate(BOSS, "example.com");
    assertThat(r.made()).hasSize(2).allMatch(DkimKeyView::active);
    assertThat(r.all()).hasSize(4);
    String old = before.get(0).selector();
    assertThat(r.all()).filteredOn(k -> k.selector().equals(old)).singleElement()
        .matches(k -> !k.active());
    refused(CONFLICT, "still signs", () -> f.admin.dkim().remove(BOSS, "example.com", r.made().get(0).selector()));
    assertThat(f.admin.dkim().remove(BOSS, "example.com", old).selector()).isEqualTo(old);
    assertThat(f.admin.dkim().list(BOSS, "example.com")).extracting(DkimKeyView::selector).doesNotContain(old)
        .hasSize(3);
    refused(NOT_FOUND, "no DKIM key " + old, () -> f.admin.dkim().remove(BOSS, "example.com", old));
    refused(NOT_FOUND, "no local domain other.example", () -> f.admin.dkim().list(BOSS, "other.example"));
  }

  @Test
  void banAddListRemove() {
    Ban b = f.admin.bans().add(BOSS, " 2001:db8::1 ", Duration.ofHours(2), "scanning");
    assertThat(b.ip()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(b.until()).isAfter(Instant.now().plus(Duration.ofMinutes(119)));
    assertThat(f.store.bans().activeBan("2001:db8:0:0:0:0:0:1", Instant.now())).isPresent();
    f.admin.bans().add(BOSS, "203.0.113.9", Duration.ofMinutes(5), null);
    assertThat(f.admin.bans().list(BOSS)).extracting(Ban::ip)
        .containsExactlyInAnyOrder("2001:db8:0:0:0:0:0:1", "203.0.113.9");
    assertThat(f.admin.bans().list(BOSS)).filteredOn(x -> x.ip().equals("203.0.113.9")).singleElement()
        .matches(x -> x.reason().equals("banned by boss@example.com"));
    for (String bad : new String[] {"mail.example.com", "203.0.113", "999.1.1.1", ""}) {
      refused(INVALID, "not an IP address", () -> f.admin.bans().add(BOSS, bad, Duration.ofHours(1), "x"));
    }
    refused(INVALID, "positive", () -> f.admin.bans().add(BOSS, "203.0.113.10", Duration.ZERO, "x"));
    refused(INVALID, "one line", () -> f.admin.bans().add(BOSS, "203.0.113.10", Duration.ofHours(1), "a\nb"));

    f.store.bans().recordFailure("ip:2001:db8:0:0:0:0:0:1", Instant.now());
    f.admin.bans().remove(BOSS, "2001:DB8::1");
    assertThat(f.store.bans().activeBan("2001:db8:0:0:0:0:0:1", Instant.now())).isEmpty();
    assertThat(f.store.bans().failuresSince("ip:2001:db8:0:0:0:0:0:1", Instant.EPOCH)).isZero();
    refused(NOT_FOUND, "no ban in force for 2001:db8::1", () -> f.admin.bans().remove(BOSS, "2001:db8::1"));
  }

  @Test
  void queueListShowRetryDelete() throws IOException {
    QueueStore queue = new QueueStore(f.store.queue());
    long first = queue("me@example.com", "carol@remote.example", Origin.SUBMISSION, queue);
    long second = queue("", "dave@remote.example", Origin.RELAY, queue);

    assertThat(f.admin.queue().list(BOSS)).extracting(QueueEntry::id).containsExactly(first, second);
    assertThat(f.admin.queue().count(BOSS)).isEqualTo(2);
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> f.admin.queue().count(AdminFixture.ME));
    QueueEntry shown = f.admin.queue().show(BOSS, first);
    assertThat(shown.mailFrom()).isEqualTo("me@example.com");
    assertThat(shown.dkimSigned()).isTrue();
    assertThat(shown.recipients()).singleElement().matches(r -> r.address().equals("carol@remote.example")
        && r.pending() && r.attempts() == 0);
    assertThat(f.admin.queue().show(BOSS, second).dkimSigned()).isFalse();

    assertThat(f.admin.queue().retry(BOSS, first)).isEqualTo(1);
    assertThat(f.admin.queue().retryAll(BOSS)).isEqualTo(2);
    assertThat(queue.message(second).orElseThrow().recipients().get(0).nextAttempt())
        .isBefore(Instant.now().plusSeconds(1));
    refused(NOT_FOUND, "no message 999 in the queue", () -> f.admin.queue().retry(BOSS, 999));

    assertThat(f.admin.queue().delete(BOSS, second).id()).isEqualTo(second);
    assertThat(queue.message(second)).isEmpty();
    refused(NOT_FOUND, "no message " + second, () -> f.admin.queue().delete(BOSS, second));
    refused(NOT_FOUND, "no message " + second, () -> f.admin.queue().show(BOSS, second));
    assertThat(f.admin.queue().list(BOSS)).extracting(QueueEntry::id).containsExactly(first);
  }

  @Test
  void bounceFailsThePendingRecipientsAndOwesTheSenderAReport() throws IOException {
    QueueStore queue = new QueueStore(f.store.queue());
    long id = queue("me@example.com", "carol@remote.example", Origin.SUBMISSION, queue);
    refused(INVALID, "one line", () -> f.admin.queue().bounce(BOSS, id, "a\r\nb"));
    QueueAdmin.Bounce b = f.admin.queue().bounce(BOSS, id, "the recipient left the company");
    assertThat(b.recipients()).isEqualTo(1);
    assertThat(b.reportOwed()).isTrue();
    QueuedRecipient r = queue.message(id).orElseThrow().recipients().get(0);
    assertThat(r.state()).isEqualTo(QueuedRecipient.FAILED);
    assertThat(r.dsnDue()).isTrue();
    assertThat(r.lastStatus()).isEqualTo("5.0.0");
    assertThat(r.lastError()).isEqualTo("the recipient left the company");
    refused(CONFLICT, "no pending recipient", () -> f.admin.queue().bounce(BOSS, id, null));

    // the null sender is owed nothing: the message leaves the queue at once
    long bounceOfABounce = queue("", "dave@remote.example", Origin.RELAY, queue);
    assertThat(f.admin.queue().bounce(BOSS, bounceOfABounce, null).reportOwed()).isFalse();
    assertThat(queue.message(bounceOfABounce)).isEmpty();
    refused(NOT_FOUND, "no message 999", () -> f.admin.queue().bounce(BOSS, 999, null));
    refused(io.mailcove.admin.AdminException.Kind.FORBIDDEN, "",
        () -> f.admin.queue().bounce(AdminFixture.ME, id, null));
  }

  private long queue(String from, String to, Origin origin, QueueStore queue) throws IOException {
    var blob = f.store.blobs().put(("From: " + from + "\r\nSubject: hi\r\n\r\nhi\r\n").getBytes(StandardCharsets.UTF_8));
    return queue.insert(new OutboundMessage(blob, from, List.of(OutboundRecipient.of(to)), null, null, false, false,
        null, origin), "mail", QueuedRecipient.PENDING, Instant.now().plus(Duration.ofHours(1))).id();
  }
}
