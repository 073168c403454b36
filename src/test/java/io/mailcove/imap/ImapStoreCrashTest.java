package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.mime.MessageParser;
import io.mailcove.store.Account;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flag changes are committed without waiting for the fsync (like Dovecot's), but they must still survive a crash
 * of the server process: a client flags messages one STORE at a time, the server is killed with SIGKILL midway,
 * and after a restart every STORE that got its OK is there.
 */
class ImapStoreCrashTest {
  private static final int MESSAGES = 400;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedStoreSurvivesKillDashNine() throws Exception {
    int smtp = ServerProcess.freePort();
    int imap = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.config("mx.crash.test", smtp, imap, ""));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      store.directory().addDomain("crash.test");
      Account a = store.directory().addAccount("flags@crash.test",
          new PasswordHasher(256, 1, 1).hash("x-password-1".toCharArray()), Role.USER, 0);
      Mailbox inbox = store.mail().mailbox(a.id(), "INBOX").orElseThrow();
      for (int i = 1; i <= MESSAGES; i++) {
        byte[] m = ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        BlobRef blob = store.blobs().put(m);
        store.mail().append(inbox.id(), blob, MessageParser.summarize(m), Set.of(), Instant.now());
      }
    }
    Process server = ServerProcess.start(config, imap, dir.resolve("server-0.log"));
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    Thread client = Thread.ofPlatform().start(() -> flagUntilFailure(imap, acked));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int killAt = MESSAGES / 4 + new java.util.Random().nextInt(MESSAGES / 2);
    while (acked.size() < killAt && System.nanoTime() < deadline && client.isAlive()) {
      Thread.sleep(1);
    }
    server.destroyForcibly(); // SIGKILL
    server.waitFor(30, TimeUnit.SECONDS);
    client.join(30_000);

    Process again = ServerProcess.start(config, imap, dir.resolve("server-1.log"));
    again.destroy();
    assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(acked).as("acknowledged STOREs").isNotEmpty();
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      Account a = store.directory().account("flags@crash.test").orElseThrow();
      Mailbox inbox = store.mail().mailbox(a.id(), "INBOX").orElseThrow();
      Set<Long> flagged = ConcurrentHashMap.newKeySet();
      for (MessageMeta m : store.mail().messages(inbox.id())) {
        if (m.flags().contains("\\Flagged")) {
          flagged.add(m.uid());
        }
      }
      assertThat(flagged).as("flagged after the crash").containsAll(acked);
    }
  }

  private static void flagUntilFailure(int port, Set<Long> acked) {
    try (ImapClient c = ImapClient.login(port, "flags@crash.test", "x-password-1")) {
      if (!c.command("SELECT INBOX").ok()) {
        return;
      }
      for (long uid = 1; uid <= MESSAGES; uid++) {
        if (!c.command("UID STORE " + uid + " +FLAGS.SILENT (\\Flagged)").ok()) {
          return;
        }
        acked.add(uid);
      }
    } catch (IOException e) {
      // the server was killed: expected
    }
  }
}
