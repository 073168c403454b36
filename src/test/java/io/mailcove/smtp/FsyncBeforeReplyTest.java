package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGKILL leaves the page cache alone, so a crash test cannot see a missing fsync. This test runs
 * {@code mailcove serve} under {@code strace} and reads, from the order of the system calls, that the message's
 * bytes reach the disk before the server acknowledges them on the socket:
 * <ul>
 *   <li>a small message (kept in the database): its bytes are written to the SQLite WAL, and the WAL is
 *       fsync'd/fdatasync'd after its last write and before the {@code 250} is written;</li>
 *   <li>a large message (a blob file): written to {@code blobs/tmp/}, that file fsync'd, renamed into place, its
 *       folder fsync'd, then the WAL synced, all before the {@code 250};</li>
 *   <li>the same for IMAP APPEND's {@code OK}, small and large, for both messages of one MULTIAPPEND, and for a
 *       message accepted into the outbound queue (remote recipient).</li>
 * </ul>
 * CI installs strace (.ci/packages); where it is missing the test is skipped with that reason.
 */
class FsyncBeforeReplyTest {
  private static final String PASSWORD = "x-password-1";

  @TempDir
  Path dir;

  @BeforeAll
  static void needsStrace() {
    boolean present;
    try {
      Process p = new ProcessBuilder("strace", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    Assumptions.assumeTrue(present, "strace is not installed (Debian package strace, listed in .ci/packages)");
  }

  @Test
  void messageBytesAreOnDiskBeforeEveryAcknowledgement() throws Exception {
    int smtpPort = ServerProcess.freePort();
    int imapPort = ServerProcess.freePort();
    int closedPort = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.config("mx.fsync.test", smtpPort, imapPort, """
        [smtp]
        trusted_networks = ["127.0.0.0/8"]
        [queue]
        retry_schedule = ["1h"]
        [[relay]]
        host = "127.0.0.1"
        port = %d
        tls = "none"
        """.formatted(closedPort)));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      store.directory().addDomain("fsync.test");
      store.directory().addAccount("sink@fsync.test", new PasswordHasher(256, 1, 1).hash(PASSWORD.toCharArray()),
          Role.USER, 0);
    }
    Path trace = dir.resolve("strace.txt");
    Process strace = ServerProcess.start(config, smtpPort, dir.resolve("server.log"), List.of("strace", "-f",
        "-qq", "-yy", "-s", "65536", "-o", trace.toString(), "-e",
        "trace=write,pwrite64,writev,pwritev,sendto,sendmsg,fsync,fdatasync,rename,renameat,renameat2"));
    Map<String, Integer> smtpPorts = new HashMap<>();
    Map<String, Integer> imapPorts = new HashMap<>();
    try {
      smtpPorts.put("SMALL-SMTP", smtp(smtpPort, "sink@fsync.test", "SMALL-SMTP", 2_000));
      smtpPorts.put("LARGE-SMTP", smtp(smtpPort, "sink@fsync.test", "LARGE-SMTP", 300_000));
      smtpPorts.put("QUEUED-SMALL", smtp(smtpPort, "friend@remote.test", "QUEUED-SMALL", 2_000));
      smtpPorts.put("QUEUED-LARGE", smtp(smtpPort, "friend@remote.test", "QUEUED-LARGE", 300_000));
      imapPorts.put("SMALL-IMAP", append(imapPort, "SMALL-IMAP", 2_000));
      imapPorts.put("LARGE-IMAP", append(imapPort, "LARGE-IMAP", 300_000));
      imapPorts.put("MULTI", multiAppend(imapPort, "MULTI-SMALL", 2_000, "MULTI-LARGE", 300_000));
    } finally {
      stop(strace);
    }
    Trace t = Trace.read(trace);
    for (Map.Entry<String, Integer> e : smtpPorts.entrySet()) {
      int reply = t.replyAfter(smtpPort, e.getValue(), "354 ", "250 ");
      t.assertDurableBefore(e.getKey(), reply, e.getKey().startsWith("LARGE") || e.getKey().endsWith("LARGE"));
    }
    for (Map.Entry<String, Integer> e : imapPorts.entrySet()) {
      int reply = t.replyAfter(imapPort, e.getValue(), "+ ", "a2 OK [APPENDUID ");
      if (e.getKey().equals("MULTI")) { // RFC 3502: every message of the one APPEND, before its one OK
        t.assertDurableBefore("MULTI-SMALL", reply, false);
        t.assertDurableBefore("MULTI-LARGE", reply, true);
      } else {
        t.assertDurableBefore(e.getKey(), reply, e.getKey().startsWith("LARGE"));
      }
    }
  }

  /** Sends one message with {@code marker} in its first header; answers the client's port. */
  private static int smtp(int port, String to, String marker, int size) throws IOException {
    try (RawSmtp c = new RawSmtp(port)) {
      assertThat(c.read()).startsWith("220");
      assertThat(c.cmd("EHLO fsync.example")).startsWith("250");
      assertThat(c.cmd("MAIL FROM:<load@fsync.example>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<" + to + ">")).startsWith("250");
      assertThat(c.cmd("DATA")).startsWith("354");
      c.send(message(marker, size) + ".\r\n");
      assertThat(c.read()).as(marker).startsWith("250 ");
      c.cmd("QUIT");
      return c.localPort();
    }
  }

  /** APPENDs one message with {@code marker} over IMAP; answers the client's port. */
  private static int append(int port, String marker, int size) throws IOException {
    return append(port, List.of(message(marker, size)), marker);
  }

  /** APPENDs two messages in one command (MULTIAPPEND); answers the client's port. */
  private static int multiAppend(int port, String marker1, int size1, String marker2, int size2) throws IOException {
    return append(port, List.of(message(marker1, size1), message(marker2, size2)), marker1);
  }

  /** One APPEND of {@code messages} (several: MULTIAPPEND, RFC 3502), each a synchronizing literal. */
  private static int append(int port, List<String> messages, String marker) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      assertThat(in.readLine()).startsWith("* OK");
      out.write(("a1 LOGIN sink@fsync.test " + PASSWORD + "\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("a1 OK");
      String lead = "a2 APPEND INBOX";
      for (String m : messages) {
        byte[] bytes = m.getBytes(StandardCharsets.US_ASCII);
        out.write((lead + " {" + bytes.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("+ ");
        out.write(bytes);
        lead = "";
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      String line = in.readLine();
      while (line != null && line.startsWith("* ")) {
        line = in.readLine();
      }
      assertThat(line).as(marker).startsWith("a2 OK [APPENDUID ");
      out.write("a3 LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
      return s.getLocalPort();
    }
  }

  private static String message(String marker, int size) {
    StringBuilder b = new StringBuilder("X-Marker: " + marker + "\r\nSubject: fsync " + marker + "\r\n\r\n");
    while (b.length() < size) {
      b.append("line of ").append(marker).append(' ').append("y".repeat(60)).append("\r\n");
    }
    return b.toString();
  }

  /** Stops the traced JVM with SIGTERM (strace then ends with it and flushes its output). */
  private static void stop(Process strace) throws InterruptedException {
    strace.toHandle().children().forEach(ProcessHandle::destroy);
    if (!strace.waitFor(30, TimeUnit.SECONDS)) {
      strace.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      strace.destroyForcibly();
    }
  }

  /** The system calls of a trace, each with the lines where it started and where it returned. */
  record Call(int pid, String name, int fd, String fdPath, String args, int start, int end, String result) {}

  static final class Trace {
    private static final Pattern CALL = Pattern.compile("^(\\d+) +(\\w+)\\((.*)$");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+) +<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern FD = Pattern.compile("^(\\d+)<(.*?)>(?:,| |\\)|$)"); // "->" inside
    private static final Pattern RESULT = Pattern.compile("\\) += (-?\\d+)[^)]*$");

    final List<Call> calls = new ArrayList<>();

    static Trace read(Path file) throws IOException {
      Trace t = new Trace();
      Map<Integer, Object[]> pending = new HashMap<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher r = RESUMED.matcher(line);
        if (r.matches()) {
          Object[] p = pending.remove(Integer.parseInt(r.group(1)));
          if (p != null) {
            t.add(Integer.parseInt(r.group(1)), (String) p[0], (String) p[1], (Integer) p[2], i, r.group(3));
          }
          continue;
        }
        Matcher c = CALL.matcher(line);
        if (!c.matches()) {
          continue;
        }
        int pid = Integer.parseInt(c.group(1));
        String rest = c.group(3);
        if (rest.endsWith("<unfinished ...>")) {
          pending.put(pid, new Object[] {c.group(2), rest, i});
        } else {
          t.add(pid, c.group(2), rest, i, i, rest);
        }
      }
      return t;
    }

    private void add(int pid, String name, String args, int start, int end, String tail) {
      Matcher fd = FD.matcher(args);
      boolean hasFd = fd.find();
      Matcher res = RESULT.matcher(tail);
      calls.add(new Call(pid, name, hasFd ? Integer.parseInt(fd.group(1)) : -1, hasFd ? fd.group(2) : "", args,
          start, end, res.find() ? res.group(1) : "?"));
    }

    private static boolean isWrite(Call c) {
      return c.name().startsWith("write") || c.name().startsWith("pwrite") || c.name().startsWith("send");
    }

    private static boolean isSync(Call c) {
      return (c.name().equals("fsync") || c.name().equals("fdatasync")) && c.result().equals("0");
    }

    /**
     * The start line of the server's write of {@code reply} on the connection from {@code clientPort}, the first
     * such write after the one of {@code after}.
     */
    int replyAfter(int serverPort, int clientPort, String after, String reply) {
      // -yy shows a socket as TCP:[127.0.0.1:25->127.0.0.1:40000] or TCPv6:[[::ffff:127.0.0.1]:25->[...]:40000]
      String socket = ":" + serverPort + "->...:" + clientPort + "]";
      boolean seen = false;
      for (Call c : calls) {
        if (!isWrite(c) || !c.fdPath().startsWith("TCP") || !c.fdPath().contains(":" + serverPort + "->")
            || !c.fdPath().endsWith(":" + clientPort + "]")) {
          continue;
        }
        String data = data(c);
        if (!seen && data.startsWith(after)) {
          seen = true;
        } else if (seen && data.startsWith(reply)) {
          return c.start();
        }
      }
      throw new AssertionError("no write of \"" + reply + "\" after \"" + after + "\" on " + socket + " in the trace");
    }

    private static String data(Call c) {
      int q = c.args().indexOf('"');
      return q < 0 ? "" : c.args().substring(q + 1);
    }

    /**
     * Asserts that the bytes carrying {@code marker} were written to disk and synced before the reply written at
     * line {@code reply}: through a blob file (temp write, fsync, rename, fsync of its folder) when {@code blob},
     * through the SQLite WAL otherwise; and in both cases that the WAL's last write before the reply was synced
     * before it (the rows that point at the bytes).
     */
    void assertDurableBefore(String marker, int reply, boolean blob) {
      // the body's lines are in the message's bytes only (the subject is in the database rows as well)
      String bodyLine = "line of " + marker + " ";
      java.util.function.Predicate<Call> carries = c -> isWrite(c) && c.args().contains(bodyLine)
          && (blob ? c.fdPath().contains("/" + SqliteStore.BLOB_FOLDER + "/tmp/") : c.fdPath().endsWith("-wal"));
      Call carrier = calls.stream().filter(c -> c.start() < reply && carries.test(c)).reduce((a, b) -> b)
          .orElse(null);
      assertThat(carrier).as("%s: a write of the message's bytes to %s before the reply", marker,
          blob ? "a blob file" : "the WAL").isNotNull();
      if (blob) {
        String temp = carrier.fdPath();
        int lastWrite = lastEnd(c -> isWrite(c) && c.fdPath().equals(temp), reply);
        Call sync = first(c -> isSync(c) && c.fdPath().equals(temp) && c.start() > lastWrite, reply);
        assertThat(sync).as("%s: fsync of %s after its last write, before the reply", marker, temp).isNotNull();
        Call rename = first(c -> c.name().startsWith("rename") && c.args().contains("\"" + temp + "\"")
            && c.start() > sync.end() && c.result().equals("0"), reply);
        assertThat(rename).as("%s: rename of %s after its fsync, before the reply", marker, temp).isNotNull();
        String target = quoted(rename.args()).get(1);
        String folder = target.substring(0, target.lastIndexOf('/'));
        Call dirSync = first(c -> isSync(c) && c.fdPath().equals(folder) && c.start() > rename.end(), reply);
        assertThat(dirSync).as("%s: fsync of the folder %s after the rename, before the reply", marker, folder)
            .isNotNull();
      }
      String wal = calls.stream().filter(c -> c.fdPath().endsWith("/mailcove.db-wal")).map(Call::fdPath).findFirst()
          .orElse(carrier.fdPath());
      // writes that returned before the reply: another thread's write still under way then (the courier recording
      // its first attempt at a queued message) cannot be what the reply waited for
      int lastWalWrite = lastEnd(c -> isWrite(c) && c.fdPath().equals(wal) && c.end() < reply, reply);
      assertThat(lastWalWrite).as("%s: the WAL was written before the reply", marker).isPositive();
      Call walSync = first(c -> isSync(c) && c.fdPath().equals(wal) && c.start() > lastWalWrite, reply);
      assertThat(walSync).as("%s: sync of the WAL after its last write (line %d), before the reply (line %d)",
          marker, lastWalWrite + 1, reply + 1).isNotNull();
    }

    private int lastEnd(java.util.function.Predicate<Call> p, int before) {
      int last = -1;
      for (Call c : calls) {
        if (c.start() < before && p.test(c)) {
          last = Math.max(last, c.end());
        }
      }
      return last;
    }

    /** The first call matching {@code p} that returned before line {@code before}, or null. */
    private Call first(java.util.function.Predicate<Call> p, int before) {
      for (Call c : calls) {
        if (c.end() < before && p.test(c)) {
          return c;
        }
      }
      return null;
    }

    private static List<String> quoted(String args) {
      List<String> out = new ArrayList<>();
      Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(args);
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }
  }
}
