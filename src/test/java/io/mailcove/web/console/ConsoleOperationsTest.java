package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.queue.OutboundMessage;
import io.mailcove.queue.OutboundRecipient;
import io.mailcove.queue.Origin;
import io.mailcove.queue.QueueStore;
import io.mailcove.queue.QueuedRecipient;
import io.mailcove.store.QueueRecords;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Aliases, the outbound queue, bans and the server status in the console over HTTP. */
class ConsoleOperationsTest {
  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static Browser bob;

  @BeforeAll
  static void logIn() throws Exception {
    bob = new Browser(server.baseUrl());
    bob.login(TestServer.BOB, TestServer.BOB_PASSWORD);
  }

  private static HttpResponse<String> htmx(String path, String form) throws Exception {
    return bob.send(bob.request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .header("HX-Request", "true").header("X-CSRF-Token", bob.csrf())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  @Test
  void aliasesAndTheirTargets() throws Exception {
    bob.get("/admin/aliases");
    HttpResponse<String> added = bob.submit("/admin/aliases", Map.of("source", "team@example.test",
        "targets", TestServer.ALICE + ", " + TestServer.BOB));
    assertThat(added.statusCode()).isEqualTo(303);
    assertThat(server.store().directory().alias("team@example.test")).hasValueSatisfying(a ->
        assertThat(a.targets()).containsExactly(TestServer.ALICE, TestServer.BOB));
    assertThat(bob.get("/admin/aliases?domain=example.test").body()).contains("team@example.test", TestServer.BOB);

    bob.get("/admin/aliases");
    HttpResponse<String> oneTarget = bob.submit("/admin/aliases/remove", Map.of("source", "team@example.test",
        "target", TestServer.BOB));
    assertThat(oneTarget.statusCode()).isEqualTo(303);
    assertThat(server.store().directory().alias("team@example.test").orElseThrow().targets())
        .containsExactly(TestServer.ALICE);

    bob.get("/admin/aliases");
    HttpResponse<String> onAccount = bob.submit("/admin/aliases", Map.of("source", TestServer.ALICE,
        "targets", TestServer.BOB));
    assertThat(onAccount.statusCode()).isIn(400, 409);
    assertThat(onAccount.body()).contains("value=\"" + TestServer.ALICE + "\"");

    HttpResponse<String> loop = bob.submit("/admin/aliases", Map.of("source", "loop@example.test",
        "targets", "loop@example.test"));
    assertThat(loop.statusCode()).isIn(400, 409);
    assertThat(server.store().directory().alias("loop@example.test")).isEmpty();

    HttpResponse<String> catchAll = bob.submit("/admin/aliases", Map.of("source", "@example.test",
        "targets", TestServer.ALICE));
    assertThat(catchAll.statusCode()).isEqualTo(303);
    assertThat(bob.get("/admin/aliases").body()).contains("@example.test", "catch-all");

    bob.get("/admin/aliases");
    assertThat(bob.submit("/admin/aliases/remove", Map.of("source", "team@example.test")).statusCode())
        .isEqualTo(303);
    assertThat(server.store().directory().alias("team@example.test")).isEmpty();
    bob.get("/admin/aliases");
    assertThat(bob.submit("/admin/aliases/remove", Map.of("source", "team@example.test")).statusCode())
        .isEqualTo(404);
    assertThat(bob.get("/admin/aliases?domain=unknown.example").statusCode()).isEqualTo(404);
  }

  private static long queue(String to, String lastError) throws Exception {
    QueueStore queue = server.app().queue().store();
    var blob = server.store().blobs().put("From: alice@example.test\r\nSubject: hi\r\n\r\nhi\r\n"
        .getBytes(StandardCharsets.UTF_8));
    Instant later = Instant.now().plus(Duration.ofHours(1));
    long id = queue.insert(new OutboundMessage(blob, TestServer.ALICE, List.of(OutboundRecipient.of(to)), null,
        null, false, false, null, Origin.SUBMISSION), "mail", QueuedRecipient.PENDING, later).id();
    queue.record(id, List.of(new QueueRecords.RecipientUpdate(0, QueuedRecipient.PENDING, later, Instant.now(),
        lastError, "4.7.1", "transient", "mx.remote.example", false)));
    return id;
  }

  @Test
  void theQueueWithTheLastErrorRetryAndDelete() throws Exception {
    long id = queue("carol@remote.example", "451 4.7.1 greylisted, <try> again later");
    HttpResponse<String> page = bob.get("/admin/queue");
    assertThat(page.body()).contains("carol@remote.example", "mx.remote.example: 451 4.7.1 greylisted, &lt;try&gt;",
        "1 attempt", "waiting");

    Instant before = Instant.now();
    HttpResponse<String> row = htmx("/admin/queue/retry", "id=" + id);
    assertThat(row.statusCode()).isEqualTo(200);
    assertThat(row.body().strip()).startsWith("<tr id=\"queue-" + id + "\">").endsWith("</tr>");
    assertThat(server.app().queue().store().message(id).orElseThrow().recipients().get(0).nextAttempt())
        .isBefore(before.plusSeconds(5));

    bob.get("/admin/queue");
    HttpResponse<String> deleted = bob.submit("/admin/queue/delete", Map.of("id", Long.toString(id)));
    assertThat(deleted.statusCode()).isEqualTo(303);
    assertThat(server.app().queue().store().message(id)).isEmpty();
    bob.get("/admin/queue");
    HttpResponse<String> gone = bob.submit("/admin/queue/delete", Map.of("id", Long.toString(id)));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("no message " + id + " in the queue");
    bob.get("/admin/queue");
    assertThat(bob.submit("/admin/queue/retry", Map.of("id", "abc")).statusCode()).isEqualTo(400);

    long other = queue("dave@remote.example", "421 busy");
    bob.get("/admin/queue");
    HttpResponse<String> removedRow = htmx("/admin/queue/delete", "id=" + other);
    assertThat(removedRow.statusCode()).isEqualTo(200);
    assertThat(removedRow.body()).doesNotContain("<tr", "<html");
    assertThat(server.app().queue().store().message(other)).isEmpty();
  }

  @Test
  void banAnAddressAndLiftIt() throws Exception {
    bob.get("/admin/bans");
    HttpResponse<String> banned = bob.submit("/admin/bans", Map.of("ip", "192.0.2.77", "duration", "2h",
        "reason", "testing"));
    assertThat(banned.statusCode()).isEqualTo(303);
    assertThat(server.store().bans().activeBan("192.0.2.77", Instant.now())).isPresent();
    assertThat(bob.get("/admin/bans").body()).contains("192.0.2.77", "testing");

    bob.get("/admin/bans");
    HttpResponse<String> badIp = bob.submit("/admin/bans", Map.of("ip", "mail.example.com", "duration", "1h"));
    assertThat(badIp.statusCode()).isEqualTo(400);
    assertThat(badIp.body()).contains("is not an IP address", "value=\"mail.example.com\"");
    HttpResponse<String> badDuration = bob.submit("/admin/bans", Map.of("ip", "192.0.2.78", "duration", "soon"));
    assertThat(badDuration.statusCode()).isEqualTo(400);
    assertThat(badDuration.body()).contains("\"soon\" is not a duration");

    bob.get("/admin/bans");
    HttpResponse<String> lifted = htmx("/admin/bans/lift", "ip=192.0.2.77");
    assertThat(lifted.statusCode()).isEqualTo(200);
    assertThat(lifted.body()).doesNotContain("<tr");
    assertThat(server.store().bans().activeBan("192.0.2.77", Instant.now())).isEmpty();
    bob.get("/admin/bans");
    HttpResponse<String> none = bob.submit("/admin/bans/lift", Map.of("ip", "192.0.2.77"));
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("no ban in force");
  }

  @Test
  void serverStatus() throws Exception {
    HttpResponse<String> page = bob.get("/admin");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Server status", "mx.example.test", "self-signed",
        "127.0.0.1:" + server.port("imaps"), "IMAP over TLS", "127.0.0.1:" + server.port("smtp"),
        "SMTP, incoming mail (MX)", "days left", "Data on disk");
    Browser zh = new Browser("http://127.0.0.1:" + server.port("http")).acceptLanguage("zh-CN");
    zh.login(TestServer.BOB, TestServer.BOB_PASSWORD);
    assertThat(zh.get("/admin").body()).contains("服务器状态", "监听服务", "IMAP（TLS）").doesNotContain("??");
  }
}
