package io.mailcove.admin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * An admin service over a real SQLite data folder, with domain example.com, the admin boss@example.com and the
 * users me@ and you@example.com (password {@link #PASSWORD}); the password policy asks for 12 characters.
 */
final class AdminFixture implements AutoCloseable {
  static final String PASSWORD = "correct horse battery";
  static final Actor LOCAL = Actor.localAdministrator();
  static final Actor BOSS = Actor.account("boss@example.com");
  static final Actor ME = Actor.account("me@example.com");
  static final Actor YOU = Actor.account("you@example.com");

  final Store store;
  final AdminService admin;

  AdminFixture(Path dir) {
    store = SqliteStore.open(dir);
    admin = new AdminService(store, new PasswordPolicy(12), TestServer.FAST_HASHER, Clock.systemUTC());
    admin.domains().add(LOCAL, "example.com");
    admin.accounts().create(LOCAL, "boss@example.com", PASSWORD.toCharArray(), Role.ADMIN, 0);
    admin.accounts().create(LOCAL, "me@example.com", PASSWORD.toCharArray(), Role.USER, 0);
    admin.accounts().create(LOCAL, "you@example.com", PASSWORD.toCharArray(), Role.USER, 0);
  }

  /** Asserts that {@code call} is refused with {@code kind} and a message containing {@code text}. */
  static void refused(AdminException.Kind kind, String text, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AdminException.class, e -> {
      if (e.kind() != kind) {
        throw new AssertionError("expected " + kind + ", got " + e.kind() + ": " + e.getMessage());
      }
    }).hasMessageContaining(text);
  }

  @Override
  public void close() {
    store.close();
  }
}
