package io.mailcove.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified logins matches only the exact account, stored hash and password it remembered, also when
 * many logins are checked at once (each check works on its own copy of the keyed HMAC).
 */
class CredentialCacheTest {
  private static final long TTL = 60_000;

  @Test
  void matchesOnlyWhatWasVerified() {
    CredentialCache cache = new CredentialCache(16, TTL);
    cache.remember("a@example.test", "$argon2id$hash1", "secret-1".toCharArray(), 1000);
    assertThat(cache.verified("a@example.test", "$argon2id$hash1", "secret-1".toCharArray(), 2000)).isTrue();
    assertThat(cache.verified("a@example.test", "$argon2id$hash1", "secret-2".toCharArray(), 2000)).isFalse();
    assertThat(cache.verified("b@example.test", "$argon2id$hash1", "secret-1".toCharArray(), 2000)).isFalse();
    // a new password (another stored hash) stops the entry from matching
    assertThat(cache.verified("a@example.test", "$argon2id$hash2", "secret-1".toCharArray(), 2000)).isFalse();
    // expired
    assertThat(cache.verified("a@example.test", "$argon2id$hash1", "secret-1".toCharArray(), 1000 + TTL + 1))
        .isFalse();
  }

  @Test
  void twoCachesDoNotShareTheirKey() {
    CredentialCache one = new CredentialCache(16, TTL);
    CredentialCache other = new CredentialCache(16, TTL);
    one.remember("a@example.test", "h", "pw".toCharArray(), 0);
    assertThat(other.verified("a@example.test", "h", "pw".toCharArray(), 1)).isFalse();
  }

  @Test
  void concurrentChecksEachGetTheirOwnAnswer() throws Exception {
    CredentialCache cache = new CredentialCache(4096, TTL);
    int threads = 8;
    int perThread = 400;
    for (int t = 0; t < threads; t++) {
      cache.remember("user" + t + "@example.test", "hash" + t, ("pw-" + t).toCharArray(), 0);
    }
    AtomicInteger wrong = new AtomicInteger();
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      running.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < perThread; i++) {
          int other = (me + 1 + i % (threads - 1)) % threads;
          if (!cache.verified("user" + me + "@example.test", "hash" + me, ("pw-" + me).toCharArray(), 1)) {
            wrong.incrementAndGet();
          }
          if (cache.verified("user" + me + "@example.test", "hash" + me, ("pw-" + other).toCharArray(), 1)) {
            wrong.incrementAndGet();
          }
        }
      }));
    }
    for (Thread t : running) {
      t.join();
    }
    assertThat(wrong.get()).as("checks answered wrongly").isZero();
  }
}
