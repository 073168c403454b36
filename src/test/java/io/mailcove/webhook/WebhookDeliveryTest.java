package io.mailcove.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mailcove.admin.Actor;
import io.mailcove.admin.WebhookAdmin;
import io.mailcove.queue.RecordingSmtpServer;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.WebhookRecords;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end: registered through the API, POSTed to a local HTTP server with a valid HMAC-SHA256
 * signature when mail arrives and when the queue delivers a sent message, retried after a failure, refused to a
 * private address unless the configuration allows it, and out of reach of other accounts.
 */
class WebhookDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One POST the receiver got. */
  record Hit(String event, String delivery, String signature, byte[] body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private HttpServer receiver;
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();

  @BeforeEach
  void receive() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      hits.add(new Hit(exchange.getRequestHeaders().getFirst("Mailcove-Event"),
          exchange.getRequestHeaders().getFirst("Mailcove-Delivery"),
          exchange.getRequestHeaders().getFirst("Mailcove-Signature"), body));
      int status = failFirst.getAndDecrement() > 0 ? 500 : 204;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiving() {
    receiver.stop(0);
  }

  private String hookUrl() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  @Test
  void newMailIsPostedSignedAndRetriedAfterAFailure() throws Exception {
    failFirst.set(1);
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(config(mx.port(), true))) {
      Api api = new Api(server);
      JsonNode created = api.post(api.token(TestServer.ALICE), "/api/v1/webhooks",
          "{\"url\":\"" + hookUrl() + "\"}", 201);
      String secret = created.path("secret").asText();
      assertThat(secret).startsWith("mcw_");
      assertThat(created.path("events")).hasSize(2);
      // the secret is shown once: never in a listing
      JsonNode listed = api.get(api.token(TestServer.ALICE), "/api/v1/webhooks", 200);
      assertThat(listed.path("items")).singleElement().satisfies(h -> assertThat(h.has("secret")).isFalse());

      api.post(api.token(TestServer.BOB), "/api/v1/messages", "{\"from\":\"" + TestServer.BOB + "\",\"to\":[\""
          + TestServer.ALICE + "\"],\"subject\":\"hook me\",\"text\":\"hi\"}", 202);
      List<Hit> received = await(2, "message.received");
      assertThat(received.get(0).delivery()).as("the retry is the same delivery")
          .isEqualTo(received.get(1).delivery());
      for (Hit h : received) {
        assertSigned(h, secret);
        JsonNode body = h.json();
        assertThat(body.path("event").asText()).isEqualTo("message.received");
        assertThat(body.path("data").path("account").asText()).isEqualTo(TestServer.ALICE);
        assertThat(body.path("data").path("mailbox").asText()).isEqualTo("INBOX");
        assertThat(body.path("data").path("subject").asText()).isEqualTo("hook me");
        assertThat(body.path("data").path("id").asText()).matches("\\d+-\\d+");
      }
      long hookId = created.path("id").asLong();
      awaitNoPending(server, hookId);

      // the queue's outcome for a message alice sent: delivered to the sink
      api.post(api.token(TestServer.ALICE), "/api/v1/messages", "{\"from\":\"" + TestServer.ALICE
          + "\",\"to\":[\"carol@example.net\"],\"subject\":\"out\",\"text\":\"bye\"}", 202);
      mx.await(1);
      Hit status = await(1, "delivery.status").get(0);
      assertSigned(status, secret);
      JsonNode data = status.json().path("data");
      assertThat(data.path("recipient").asText()).isEqualTo("carol@example.net");
      assertThat(data.path("state").asText()).isEqualTo("delivered");
      assertThat(data.path("queue_id").asLong()).isPositive();

      // bob neither sees nor deletes alice's webhook
      assertThat(api.get(api.token(TestServer.BOB), "/api/v1/webhooks", 200).path("items")).isEmpty();
      api.delete(api.token(TestServer.BOB), "/api/v1/webhooks/" + hookId, 404);
      api.delete(api.token(TestServer.ALICE), "/api/v1/webhooks/" + hookId, 204);
      assertThat(server.store().webhooks().hook(hookId)).isEmpty();
    }
  }

  @Test
  void aPrivateAddressIsRefusedUnlessAllowed() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(config(mx.port(), false))) {
      WebhookAdmin.Created hook = server.admin().webhooks().create(Actor.localAdministrator(), TestServer.ALICE,
          hookUrl(), List.of("message.received"));
      Api api = new Api(server);
      api.post(api.token(TestServer.BOB), "/api/v1/messages", "{\"from\":\"" + TestServer.BOB + "\",\"to\":[\""
          + TestServer.ALICE + "\"],\"subject\":\"private\",\"text\":\"hi\"}", 202);
      long until = System.currentTimeMillis() + 10_000;
      List<WebhookRecords.Delivery> pending = List.of();
      while (System.currentTimeMillis() < until) {
        pending = server.store().webhooks().pending(hook.webhook().id());
        if (!pending.isEmpty() && pending.get(0).attempts() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(pending).singleElement().satisfies(d -> {
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastError()).contains("private address").contains("allow_private_addresses");
      });
      assertThat(hits).isEmpty();
    }
  }

  @Test
  void deliveriesPendingInTheStoreAreSentWhenTheServiceStarts(@TempDir Path dir) throws Exception {
    try (Store store = SqliteStore.open(dir)) {
      store.directory().addDomain("example.com");
      long account = store.directory().addAccount("ann@example.com", "x", Role.USER, 0).id();
      WebhookRecords.Hook hook = store.webhooks().add(account, hookUrl(), "mcw_secret",
          Set.of("message.received"), Instant.now());
      // left by a server that stopped before sending it
      store.webhooks().enqueue(List.of(hook), "message.received", "{\"event\":\"message.received\"}",
          Instant.now().minusSeconds(60));
      Webhooks webhooks = new Webhooks(store, new WebhookSettings(Duration.ofSeconds(1), 3, Duration.ofSeconds(5),
          true), Clock.systemUTC());
      webhooks.start();
      try {
        Hit h = await(1, "message.received").get(0);
        assertSigned(h, "mcw_secret");
        assertThat(new String(h.body(), StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"message.received\"}");
        long until = System.currentTimeMillis() + 5_000;
        while (!store.webhooks().pending(hook.id()).isEmpty() && System.currentTimeMillis() < until) {
          Thread.sleep(50);
        }
        assertThat(store.webhooks().pending(hook.id())).isEmpty();
      } finally {
        webhooks.stop();
      }
    }
  }

  private static String config(int mxPort, boolean allowPrivate) {
    return TestServer.exampleNetMx(mxPort) + """
        [webhooks]
        first_retry = "1s"
        allow_private_addresses = %s
        """.formatted(allowPrivate);
  }

  /** Checks the signature as a receiver would: HMAC-SHA256 of "t.body" with the secret, t close to now. */
  private static void assertSigned(Hit h, String secret) {
    assertThat(h.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
    long t = Long.parseLong(h.signature().substring(2, h.signature().indexOf(',')));
    assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(60);
    String expected = HexFormat.of().formatHex(WebhookSignature.hmac(secret, t, h.body()));
    assertThat(h.signature()).endsWith("v1=" + expected);
    assertThat(HexFormat.of().formatHex(WebhookSignature.hmac("mcw_other", t, h.body()))).isNotEqualTo(expected);
  }

  private List<Hit> await(int n, String event) throws InterruptedException {
    long until = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < until) {
      List<Hit> of = hits.stream().filter(h -> event.equals(h.event())).toList();
      if (of.size() >= n) {
        return of;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("expected " + n + " " + event + " posts, got " + hits);
  }

  private static void awaitNoPending(TestServer server, long hookId) throws InterruptedException {
    long until = System.currentTimeMillis() + 5_000;
    while (!server.store().webhooks().pending(hookId).isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    assertThat(server.store().webhooks().pending(hookId)).as("the delivery is done after its 2xx").isEmpty();
  }

  /** Plain HTTP calls to the server's API with tokens made as the command line makes them. */
  private record Api(TestServer server) {
    String token(String address) {
      return server.admin().tokens().create(Actor.localAdministrator(), address, "hooks",
          List.of("read", "write", "send")).secret();
    }

    JsonNode get(String token, String path, int status) throws Exception {
      return call(HttpRequest.newBuilder(uri(path)).GET(), token, status);
    }

    JsonNode post(String token, String path, String json, int status) throws Exception {
      return call(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)), token, status);
    }

    void delete(String token, String path, int status) throws Exception {
      call(HttpRequest.newBuilder(uri(path)).DELETE(), token, status);
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + server.port("http") + path);
    }

    private static JsonNode call(HttpRequest.Builder b, String token, int status) throws Exception {
      HttpResponse<byte[]> r = HTTP.send(b.header("Authorization", "Bearer " + token)
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(r.statusCode()).as(text).isEqualTo(status);
      return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    }
  }
}
