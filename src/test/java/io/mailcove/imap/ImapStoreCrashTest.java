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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flag changes are committed without waiting for the fsync (like Dovecot's), but they must still survive a crash
 * of the server process: a client flags messages one STORE at a time, the server is killed with SIGKILL midway,
 * and after a restart every STORE that got its OK is there. The same for APPEND (small messages, kept in the
 * database, and large ones, blob files: every acknowledged one is there once and whole) and for MOVE (every
 * message is in exactly one of the two mailboxes, and every acknowledged MOVE is done).
 */
class ImapStoreCrashTest {
  private static final int MESSAGES = 400;
  private static final int APPENDS = 120;

  @TempDir
  Path dir;

  /** Writes the configuration and an account flags@crash.test with {@code messages} in its INBOX; the IMAP port. */
  private int setUp(int messages) throws Exception {
    int smtp = ServerProcess.freePort();
    int imap = ServerProcess.freePort();
    Files.writeString(dir.resolve("mailcove.toml"), ServerProcess.config("mx.crash.test", smtp, imap, ""));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      store.directory().addDomain("crash.test");
      Account a = store.directory().addAccount("flags@crash.test",
          new PasswordHasher(256, 1, 1).hash("x-password-1".toCharArray()), Role.USER, 0);
      Mailbox inbox = store.mail().mailbox(a.id(), "INBOX").orElseThrow();
      for (int i = 1; i <= messages; i++) {
        byte[] m = ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        BlobRef blob = store.blobs().put(m);
        store.mail().append(inbox.id(), blob, MessageParser.summarize(m), Set.of(), Instant.now());
      }
    }
    return imap;
  }

  @Test
  void everyAcknowledgedStoreSurvivesKillDashNine() throws Exception {
    int imap = setUp(MESSAGES);
    Path config = dir.resolve("mailcove.toml");
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

  @Test
  void everyAcknowledgedAppendSurvivesKillDashNineSmallAndLarge() throws Exception {
    int imap = setUp(0);
    Path config = dir.resolve("mailcove.toml");
    Process server = ServerProcess.start(config, imap, dir.resolve("server-0.log"));
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    List<String> refusals = new CopyOnWriteArrayList<>();
    AtomicInteger next = new AtomicInteger(1);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clients.add(Thread.ofPlatform().start(() -> appendUntilFailure(imap, next, acked, refusals)));
    }
    int killAt = APPENDS / 4 + new java.util.Random().nextInt(APPENDS / 2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (next.get() < killAt && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(server.isAlive()).isTrue();
    server.destroyForcibly(); // SIGKILL
    server.waitFor(30, TimeUnit.SECONDS);
    for (Thread t : clients) {
      t.join(30_000);
    }
    assertThat(refusals).as("refusals from the running server").isEmpty();

    Process again = ServerProcess.start(config, imap, dir.resolve("server-1.log"));
    try (ImapClient c = ImapClient.login(imap, "flags@crash.test", "x-password-1")) {
      for (int n : new int[] {APPENDS + 2, APPENDS + 3}) { // one small, one large: the store takes mail again
        assertThat(c.append("INBOX", null, appended(n)).ok()).as("APPEND %d after the restart", n).isTrue();
        acked.add(n);
      }
    }
    again.destroy();
    assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(acked.stream().filter(ImapStoreCrashTest::large).count()).as("acknowledged large APPENDs")
        .isGreaterThan(1);
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      Account a = store.directory().account("flags@crash.test").orElseThrow();
      Mailbox inbox = store.mail().mailbox(a.id(), "INBOX").orElseThrow();
      Map<Integer, Integer> seen = new HashMap<>();
      for (MessageMeta m : store.mail().messages(inbox.id())) {
        String text = new String(store.blobs().read(m.blobId()), StandardCharsets.US_ASCII);
        Matcher seq = Pattern.compile("^X-Seq: (\\d+)\r\n").matcher(text);
        assertThat(seq.find()).as("uid %d has its sequence header", m.uid()).isTrue();
        int n = Integer.parseInt(seq.group(1));
        assertThat(text).as("APPEND %d is whole", n).isEqualTo(appended(n));
        seen.merge(n, 1, Integer::sum);
      }
      for (int n : acked) {
        assertThat(seen.get(n)).as("acknowledged APPEND %d is there exactly once", n).isEqualTo(1);
      }
      assertThat(seen.values()).as("no message twice").allMatch(count -> count == 1);
    }
  }

  @Test
  void everyMessageIsInExactlyOneMailboxAfterAKillDuringMoves() throws Exception {
    int imap = setUp(MESSAGES);
    Path config = dir.resolve("mailcove.toml");
    Process server = ServerProcess.start(config, imap, dir.resolve("server-0.log"));
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    List<String> refusals = new CopyOnWriteArrayList<>();
    Thread client = Thread.ofPlatform().start(() -> moveUntilFailure(imap, acked, refusals));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int killAt = MESSAGES / 4 + new java.util.Random().nextInt(MESSAGES / 2);
    while (acked.size() < killAt && System.nanoTime() < deadline && client.isAlive()) {
      Thread.sleep(1);
    }
    assertThat(server.isAlive()).isTrue();
    server.destroyForcibly(); // SIGKILL
    server.waitFor(30, TimeUnit.SECONDS);
    client.join(30_000);
    assertThat(refusals).as("refusals from the running server").isEmpty();
    assertThat(acked).as("acknowledged MOVEs").isNotEmpty();

    Process again = ServerProcess.start(config, imap, dir.resolve("server-1.log"));
    try (ImapClient c = ImapClient.login(imap, "flags@crash.test", "x-password-1")) {
      assertThat(c.command("SELECT INBOX").ok()).isTrue();
      assertThat(c.command("UID MOVE " + MESSAGES + " Moved").ok()).as("MOVE after the restart").isTrue();
      acked.add((long) MESSAGES);
    }
    again.destroy();
    assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      Account a = store.directory().account("flags@crash.test").orElseThrow();
      Map<Long, String> where = new HashMap<>();
      for (String name : List.of("INBOX", "Moved")) {
        Mailbox box = store.mail().mailbox(a.id(), name).orElseThrow();
        for (MessageMeta m : store.mail().messages(box.id())) {
          String text = new String(store.blobs().read(m.blobId()), StandardCharsets.US_ASCII);
          Matcher subject = Pattern.compile("^Subject: m(\\d+)\r\n\r\nbody \\1\r\n$").matcher(text);
          assertThat(subject.matches()).as("a whole message in %s: %s", name, text).isTrue();
          String before = where.put(Long.parseLong(subject.group(1)), name);
          assertThat(before).as("message %s in both mailboxes", subject.group(1)).isNull();
        }
      }
      assertThat(where).as("every message in exactly one mailbox").hasSize(MESSAGES);
      for (long n : acked) {
        assertThat(where.get(n)).as("acknowledged MOVE of message %d", n).isEqualTo("Moved");
      }
    }
  }

  /** APPENDs numbered messages until the server is gone; every other one above the 128 KiB inline limit. */
  private static void appendUntilFailure(int port, AtomicInteger next, Set<Integer> acked, List<String> refusals) {
    try (ImapClient c = ImapClient.login(port, "flags@crash.test", "x-password-1")) {
      for (int n = next.getAndIncrement(); n <= APPENDS; n = next.getAndIncrement()) {
        ImapClient.Response r = c.append("INBOX", null, appended(n));
        if (!r.ok()) {
          refusals.add(r.tagged());
          return;
        }
        acked.add(n);
      }
    } catch (IOException e) {
      // the server was killed: expected
    }
  }

  private static void moveUntilFailure(int port, Set<Long> acked, List<String> refusals) {
    try (ImapClient c = ImapClient.login(port, "flags@crash.test", "x-password-1")) {
      if (!c.command("CREATE Moved").ok() || !c.command("SELECT INBOX").ok()) {
        refusals.add("CREATE or SELECT");
        return;
      }
      for (long uid = 1; uid < MESSAGES; uid++) {
        ImapClient.Response r = c.command("UID MOVE " + uid + " Moved");
        if (!r.ok()) {
          refusals.add(r.tagged());
          return;
        }
        acked.add(uid);
      }
    } catch (IOException e) {
      // the server was killed: expected
    }
  }

  private static boolean large(int n) {
    return n % 2 == 1;
  }

  /** Message {@code n} as appended: about 180 KiB when large (a blob file), 2 KiB otherwise (in the database). */
  private static String appended(int n) {
    String line = "line of append " + n + " " + "z".repeat(60) + "\r\n";
    return "X-Seq: " + n + "\r\nSubject: append " + n + "\r\n\r\n" + line.repeat(large(n) ? 2300 : 25);
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
