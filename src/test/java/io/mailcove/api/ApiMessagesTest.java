package io.mailcove.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcove.queue.RecordingSmtpServer;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message endpoints through real HTTP and the real mail path: a message sent with the API leaves through the
 * queue to a local SMTP sink, DKIM-signed, with a copy in Sent (checked over IMAP); the mailbox and message
 * endpoints read, change and delete what arrived; every endpoint answers 404 for another account's objects.
 */
class ApiMessagesTest {
  static final String MX_CONFIG = """
      [smtp]
      trusted_networks = ["127.0.0.1/32"]
      """;

  private static RecordingSmtpServer mx;
  private static TestServer server;
  private static ApiClient alice;
  private static ApiClient bob;
  private static ApiClient aliceReadOnly;

  @BeforeAll
  static void start() throws Exception {
    mx = new RecordingSmtpServer();
    server = TestServer.start(MX_CONFIG + TestServer.exampleNetMx(mx.port()));
    String base = "http://127.0.0.1:" + server.port("http");
    alice = new ApiClient(base, token(TestServer.ALICE, "read", "write", "send"));
    bob = new ApiClient(base, token(TestServer.BOB, "read", "write", "send"));
    aliceReadOnly = new ApiClient(base, token(TestServer.ALICE, "read"));
  }

  static String token(String address, String... scopes) {
    return TestServerTokens.create(server, address, scopes);
  }

  @AfterAll
  static void stop() {
    server.close();
    mx.close();
  }

  @Test
  void sendGoesThroughThePipelineSignedQueuedAndCopiedToSent() throws Exception {
    String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 fake".getBytes(StandardCharsets.US_ASCII));
    ApiClient.Answer a = alice.post("/api/v1/messages", Map.of(
        "from", TestServer.ALICE,
        "to", List.of("carol@example.net"),
        "bcc", List.of("dave@example.net"),
        "subject", "Grüße from the API",
        "text", "plain body\nsecond line",
        "html", "<p>html <b>body</b></p>",
        "attachments", List.of(Map.of("filename", "report.pdf", "content_type", "application/pdf",
            "content", pdf))));
    assertThat(a.status()).as(a.text()).isEqualTo(202);
    assertThat(a.json().path("queue_id").asLong()).isPositive();
    assertThat(a.json().path("saved_to_sent").asBoolean()).isTrue();
    String messageId = a.json().path("message_id").asText();

    RecordingSmtpServer.Received got = mx.await(1).get(0);
    assertThat(got.mailFrom()).isEqualTo(TestServer.ALICE);
    assertThat(got.rcpts()).containsExactlyInAnyOrder("carol@example.net", "dave@example.net");
    String text = got.text();
    assertThat(text).contains("DKIM-Signature:").contains("d=" + TestServer.DOMAIN)
        .contains("Message-ID: <" + messageId + ">")
        .contains("Subject: =?utf-8?B?")
        .contains("multipart/mixed").contains("multipart/alternative")
        .contains("filename=\"report.pdf\"").contains(pdf)
        .doesNotContain("Bcc:");

    // the copy in Sent, over IMAP: with its Bcc, seen
    Python.Result r = Python.run("""
        import imaplib, sys
        m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        m.login(sys.argv[2], sys.argv[3])
        m.select('Sent')
        typ, data = m.fetch('1:*', '(FLAGS BODY.PEEK[HEADER.FIELDS (BCC MESSAGE-ID)])')
        for part in data:
            for piece in (part if isinstance(part, tuple) else (part,)):
                print(piece.decode())
        m.logout()
        """, server.port("imap"), TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("\\Seen").contains("Bcc: dave@example.net").contains(messageId);
  }

  @Test
  void theApiIsServedOverHttpsWithHttp2() throws Exception {
    Python.Result r = Python.exec(List.of("curl", "-sS", "-k", "--http2", "--max-time", "20", "-o", "-",
        "-w", "\n%{http_version} %{http_code}", "-H", "Authorization: Bearer " + aliceReadOnly.token(),
        "https://127.0.0.1:" + server.port("https") + "/api/v1/mailboxes"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("\"name\":\"INBOX\"").endsWith("2 200");
  }

  @Test
  void aReadOnlyTokenCannotSend() {
    ApiClient.Answer a = aliceReadOnly.post("/api/v1/messages", Map.of("from", TestServer.ALICE,
        "to", List.of("carol@example.net"), "text", "no"));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.code()).isEqualTo("insufficient_scope");
    assertThat(a.message()).contains("send");
  }

  @Test
  void aReadOnlyTokenReadsButCannotChangeOrDeleteMail() {
    ApiClient.Answer sent = bob.post("/api/v1/messages", Map.of("from", TestServer.BOB,
        "to", List.of(TestServer.ALICE), "subject", "keep me", "text", "read-only"));
    assertThat(sent.status()).as(sent.text()).isEqualTo(202);
    ApiClient.Answer list = aliceReadOnly.get("/api/v1/mailboxes/INBOX/messages?limit=1");
    assertThat(list.status()).isEqualTo(200);
    String id = list.json().path("messages").path(0).path("id").asText();
    assertThat(id).isNotEmpty();
    ApiClient.Answer patch = aliceReadOnly.patch("/api/v1/messages/" + id, Map.of("add_flags", List.of("\\Seen")));
    assertThat(patch.status()).isEqualTo(403);
    assertThat(patch.code()).isEqualTo("insufficient_scope");
    assertThat(aliceReadOnly.delete("/api/v1/messages/" + id).status()).isEqualTo(403);
    assertThat(aliceReadOnly.get("/api/v1/messages/" + id).status()).isEqualTo(200);
  }

  @Test
  void aSenderThatIsNotTheAccountsIsRefusedByTheSpoofCheck() {
    ApiClient.Answer a = alice.post("/api/v1/messages", Map.of("from", TestServer.BOB,
        "to", List.of("carol@example.net"), "text", "spoofed"));
    assertThat(a.status()).as(a.text()).isEqualTo(422);
    assertThat(a.code()).isEqualTo("message_refused");
    assertThat(a.message()).contains("5.7.1");
  }

  @Test
  void badRequestsGetClearErrors() {
    ApiClient.Answer notJson = alice.raw("POST", "/api/v1/messages", "application/json",
        "{\"from\": ".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.code()).isEqualTo("invalid_json");
    assertThat(notJson.message()).contains("line 1");

    ApiClient.Answer form = alice.raw("POST", "/api/v1/messages", "application/x-www-form-urlencoded",
        "from=x".getBytes(StandardCharsets.UTF_8));
    assertThat(form.status()).isEqualTo(415);
    assertThat(form.code()).isEqualTo("unsupported_media_type");

    ApiClient.Answer base64 = alice.post("/api/v1/messages", Map.of("from", TestServer.ALICE,
        "to", List.of("carol@example.net"), "text", "x",
        "attachments", List.of(Map.of("filename", "a.bin", "content", "not*base64!"))));
    assertThat(base64.status()).isEqualTo(422);
    assertThat(base64.code()).isEqualTo("validation_failed");
    assertThat(base64.message()).contains("attachments[0].content is not valid base64");

    ApiClient.Answer address = alice.post("/api/v1/messages", Map.of("from", TestServer.ALICE,
        "to", List.of("carol\r\nBcc: x@example.net"), "text", "x"));
    assertThat(address.status()).isEqualTo(422);
    assertThat(address.message()).contains("\"to\"");

    ApiClient.Answer unknown = alice.post("/api/v1/messages", Map.of("from", TestServer.ALICE, "To", "x"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.message()).contains("unknown field \"To\"");

    byte[] huge = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    ApiClient.Answer tooLarge = alice.raw("POST", "/api/v1/messages", "application/json", huge);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.contentType()).startsWith("application/json");
    assertThat(tooLarge.code()).isEqualTo("payload_too_large");
  }

  @Test
  void withoutAValidTokenNothingIsAnswered() {
    ApiClient.Answer none = alice.as(null).get("/api/v1/mailboxes");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.code()).isEqualTo("unauthenticated");
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    ApiClient.Answer wrong = alice.as("mct_" + "A".repeat(43)).get("/api/v1/mailboxes");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.message()).contains("not valid");
    ApiClient.Answer unknownPath = alice.get("/api/v1/nothing-here");
    assertThat(unknownPath.status()).isEqualTo(404);
    assertThat(unknownPath.code()).isEqualTo("not_found");
    ApiClient.Answer method = alice.raw("PUT", "/api/v1/mailboxes", "application/json", new byte[0]);
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.header("Allow")).isEqualTo("GET");
  }

  @Test
  void mailboxesMessagesAndPagingNewestFirst() {
    for (int i = 1; i <= 5; i++) {
      ApiClient.Answer sent = bob.post("/api/v1/messages", Map.of("from", TestServer.BOB,
          "to", List.of(TestServer.ALICE), "subject", "paging " + i, "text", "number " + i));
      assertThat(sent.status()).as(sent.text()).isEqualTo(202);
      assertThat(sent.json().path("delivered_locally").asInt()).isEqualTo(1);
      assertThat(sent.json().path("queue_id").isNull()).isTrue();
    }
    JsonNode boxes = alice.get("/api/v1/mailboxes").json().path("mailboxes");
    assertThat(boxes.findValuesAsText("name")).contains("INBOX", "Sent", "Trash", "Archive");

    JsonNode first = alice.get("/api/v1/mailboxes/INBOX/messages?limit=2").json();
    List<String> subjects = first.path("messages").findValuesAsText("subject");
    assertThat(subjects).hasSize(2);
    long cursor = first.path("next_before").asLong();
    assertThat(cursor).isPositive();
    JsonNode second = alice.get("/api/v1/mailboxes/INBOX/messages?limit=2&before=" + cursor).json();
    List<Long> uids = new java.util.ArrayList<>();
    first.path("messages").forEach(m -> uids.add(m.path("uid").asLong()));
    second.path("messages").forEach(m -> uids.add(m.path("uid").asLong()));
    assertThat(uids).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates().hasSize(4);

    ApiClient.Answer badLimit = alice.get("/api/v1/mailboxes/INBOX/messages?limit=0");
    assertThat(badLimit.status()).isEqualTo(422);
    assertThat(alice.get("/api/v1/mailboxes/Nope/messages").status()).isEqualTo(404);
  }

  @Test
  void readRawPatchAndDeleteAMessage() {
    ApiClient.Answer sent = bob.post("/api/v1/messages", Map.of("from", TestServer.BOB,
        "to", List.of(TestServer.ALICE), "subject", "to be handled",
        "text", "the text", "html", "<p onclick=\"x()\">hi<script>alert(1)</script><img src=\"http://t.example/p.gif\">"
            + "<a href=\"javascript:alert(1)\">j</a><a href=\"https://ok.example/\">ok</a></p>",
        "attachments", List.of(Map.of("filename", "notes.txt", "content_type", "text/plain",
            "content", Base64.getEncoder().encodeToString("attached".getBytes(StandardCharsets.US_ASCII))))));
    assertThat(sent.status()).as(sent.text()).isEqualTo(202);
    String id = newest(alice, "INBOX", "to be handled");

    JsonNode m = alice.get("/api/v1/messages/" + id).json();
    assertThat(m.path("subject").asText()).isEqualTo("to be handled");
    assertThat(m.path("from").asText()).contains(TestServer.BOB);
    assertThat(m.path("text").asText()).isEqualTo("the text\n");
    String html = m.path("html").asText();
    assertThat(html).contains("hi").contains("href=\"https://ok.example/\"")
        .doesNotContain("script").doesNotContain("onclick").doesNotContain("<img").doesNotContain("javascript:");
    assertThat(m.path("attachments")).singleElement().satisfies(att -> {
      assertThat(att.path("filename").asText()).isEqualTo("notes.txt");
      assertThat(att.path("content_type").asText()).isEqualTo("text/plain");
      assertThat(att.path("size").asInt()).isEqualTo(8);
    });
    assertThat(m.path("headers").findValuesAsText("name")).contains("Subject", "Received");

    ApiClient.Answer raw = alice.get("/api/v1/messages/" + id + "/raw");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.contentType()).isEqualTo("message/rfc822");
    assertThat(raw.text()).contains("Subject: to be handled").contains("Received:");

    ApiClient.Answer flagged = alice.patch("/api/v1/messages/" + id, Map.of("add_flags", List.of("\\flagged",
        "$Important")));
    assertThat(flagged.status()).as(flagged.text()).isEqualTo(200);
    assertThat(texts(flagged.json().path("flags"))).contains("\\Flagged", "$Important");
    ApiClient.Answer badFlag = alice.patch("/api/v1/messages/" + id, Map.of("add_flags", List.of("\\Recent")));
    assertThat(badFlag.status()).isEqualTo(422);

    ApiClient.Answer moved = alice.patch("/api/v1/messages/" + id, Map.of("mailbox", "Archive"));
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    String newId = moved.json().path("id").asText();
    assertThat(newId).isNotEqualTo(id);
    assertThat(moved.json().path("mailbox").asText()).isEqualTo("Archive");
    assertThat(texts(moved.json().path("flags"))).contains("\\Flagged");
    assertThat(alice.get("/api/v1/messages/" + id).status()).as("the old id after the move").isEqualTo(404);

    assertThat(alice.delete("/api/v1/messages/" + newId).status()).isEqualTo(204);
    assertThat(alice.get("/api/v1/messages/" + newId).status()).isEqualTo(404);
  }

  @Test
  void anotherAccountsMessagesAndMailboxesAreNotFoundByEveryEndpoint() {
    ApiClient.Answer sent = alice.post("/api/v1/messages", Map.of("from", TestServer.ALICE,
        "to", List.of(TestServer.BOB), "subject", "for bob only", "text", "private"));
    assertThat(sent.status()).as(sent.text()).isEqualTo(202);
    String bobs = newest(bob, "INBOX", "for bob only");
    server.store().mail().createMailbox(server.account(TestServer.BOB).id(), "BobOnly", null);

    ApiClient.Answer get = alice.get("/api/v1/messages/" + bobs);
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.code()).isEqualTo("not_found");
    assertThat(alice.get("/api/v1/messages/" + bobs + "/raw").status()).isEqualTo(404);
    assertThat(alice.patch("/api/v1/messages/" + bobs, Map.of("add_flags", List.of("\\Seen"))).status())
        .isEqualTo(404);
    assertThat(alice.patch("/api/v1/messages/" + bobs, Map.of("mailbox", "INBOX")).status()).isEqualTo(404);
    assertThat(alice.delete("/api/v1/messages/" + bobs).status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/mailboxes/BobOnly/messages").status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/mailboxes").json().path("mailboxes").findValuesAsText("name"))
        .doesNotContain("BobOnly");
    // and alice cannot move her own message into bob's mailbox by its name
    String own = newest(alice, "Sent", "for bob only");
    ApiClient.Answer into = alice.patch("/api/v1/messages/" + own, Map.of("mailbox", "BobOnly"));
    assertThat(into.status()).isEqualTo(422);
    // bob's message is untouched
    JsonNode still = bob.get("/api/v1/messages/" + bobs).json();
    assertThat(texts(still.path("flags"))).doesNotContain("\\Seen");
    assertThat(still.path("mailbox").asText()).isEqualTo("INBOX");
  }

  static String newest(ApiClient client, String mailbox, String subject) {
    for (JsonNode m : client.get("/api/v1/mailboxes/" + mailbox + "/messages?limit=50").json().path("messages")) {
      if (m.path("subject").asText().equals(subject)) {
        return m.path("id").asText();
      }
    }
    throw new AssertionError("no message \"" + subject + "\" in " + mailbox);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
