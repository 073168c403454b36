package io.mailcove.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Every local domain has DKIM keys however it was added: a running server makes them for domains added through the
 * store API (as the admin interface does), and for domains that were there before it started. Two makers at once
 * (the command line and the server) leave one pair of signing keys.
 */
class DkimDomainKeysTest {
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void assertOnePair(List<DkimKey> keys, String domain) {
    assertThat(keys).hasSize(2).allMatch(DkimKey::active);
    assertThat(keys).extracting(DkimKey::algorithm)
        .containsExactlyInAnyOrder(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
    assertThat(keys).extracting(DkimKey::selector).allMatch(s -> s.matches("mc\\d{6}-(rsa|ed)"));
    assertThat(keys).extracting(DkimKey::domain).containsOnly(domain);
  }

  @Test
  void domainsAddedThroughTheStoreGetKeysWithoutAnyMail() throws Exception {
    try (TestServer server = TestServer.start("[queue]\npoll_interval = \"100ms\"\n")) {
      DkimKeys dkim = server.app().queue().dkim();
      // example.test was added through the store before the server started, and no mail was sent
      await("example.test has keys", () -> dkim.keys(TestServer.DOMAIN).size() == 2);
      assertOnePair(dkim.keys(TestServer.DOMAIN), TestServer.DOMAIN);

      server.store().directory().addDomain("Late.Example");
      await("late.example has keys", () -> dkim.keys("late.example").size() == 2);
      assertOnePair(dkim.keys("late.example"), "late.example");
      assertThat(dkim.withoutKeys(List.of(TestServer.DOMAIN, "late.example", "other.example")))
          .containsExactly("other.example");
    }
  }

  @Test
  void twoMakersAtOnceLeaveOnePairOfSigningKeys() throws Exception {
    try (TestServer server = TestServer.start()) {
      DkimKeys inServer = server.app().queue().dkim();
      DkimKeys likeTheCommandLine = new DkimKeys(server.store().dkimKeys(), Clock.systemUTC());
      CompletableFuture<List<DkimKey>> a = CompletableFuture.supplyAsync(() -> inServer.ensureKeys("race.example"));
      CompletableFuture<List<DkimKey>> b =
          CompletableFuture.supplyAsync(() -> likeTheCommandLine.ensureKeys("race.example"));
      List<DkimKey> fromA = a.get(60, TimeUnit.SECONDS);
      List<DkimKey> fromB = b.get(60, TimeUnit.SECONDS);
      assertOnePair(inServer.keys("race.example"), "race.example");
      assertThat(fromA).extracting(DkimKey::selector).containsExactlyInAnyOrderElementsOf(
          fromB.stream().map(DkimKey::selector).toList());
      assertThat(inServer.signingKeys("race.example")).hasSize(2);
    }
  }
}
