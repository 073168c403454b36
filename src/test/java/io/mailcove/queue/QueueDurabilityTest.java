package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbound queue under a crash: {@code mailcove serve} runs as its own process, N messages are accepted for
 * relaying, the process is killed with SIGKILL while the courier delivers them to a recording SMTP server, and after
 * a restart every message reaches the recorder. A recipient whose {@code 250} was recorded in the queue before the
 * kill is never delivered again; a second copy is only allowed for a transaction in flight at the kill (the remote
 * server had said 250, the queue had not recorded it yet), at most one per relay session. The server is also killed
 * while submissions are being accepted (every acknowledged one arrives) and while failure reports are being
 * generated and sent (every failed message gets its report). What arrives is checked whole, not only its number.
 */
class QueueDurabilityTest {
  private static final int MESSAGES = Integer.getInteger("queue.crash.messages", 90);
  private static final int SESSIONS = 4;
  private static final Pattern SEQ = Pattern.compile("\r\nX-Seq: (\\d+)\r\n");

  @TempDir
  Path dir;

  @Test
  void noMessageLostAndNoRecordedDeliveryRepeatedAfterKillDashNine() throws Exception {
    CountDownLatch submitted = new CountDownLatch(1);
    try (RecordingSmtpServer sink = new RecordingSmtpServer().beforeDataReply(() -> {
      try {
        submitted.await(60, TimeUnit.SECONDS); // hold deliveries until everything is queued
        Thread.sleep(10); // a slow peer: the kill lands in the middle of the deliveries
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })) {
      int port = freePort();
      Path config = config(port, sink);

      long t0 = System.nanoTime();
      Process server = startServer(config, port, 0);
      System.out.printf("queue crash: started %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      Submitters clients = Submitters.start(port);
      clients.awaitAccepted(60_000);
      submitted.countDown();
      System.out.printf("queue crash: submitted %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      // kill while the courier is under way: a third of the messages have arrived
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (sink.received().size() < MESSAGES / 3 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      server.destroyForcibly(); // SIGKILL
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Map<Integer, Integer> beforeKill = counts(sink);
      assertThat(beforeKill.size()).as("delivered before the kill").isBetween(1, MESSAGES - 1);

      // what the queue had recorded at the kill: recipients still pending or delivering
      Set<Integer> unrecorded = unfinished(dir.resolve("data/mailcove.db"));
      Set<Integer> inFlight = new HashSet<>(beforeKill.keySet());
      inFlight.retainAll(unrecorded);
      System.out.printf("queue crash: %d of %d at the recorder before the kill, %d in flight (250 sent, not "
          + "recorded)%n", beforeKill.size(), MESSAGES, inFlight.size());
      assertThat(inFlight.size()).as("transactions between the remote 250 and its record: at most one per session")
          .isLessThanOrEqualTo(SESSIONS);

      Process restarted = startServer(config, port, 1);
      System.out.printf("queue crash: restarted %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      try {
        Path db = dir.resolve("data/mailcove.db");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((counts(sink).size() < MESSAGES || queued(db) > 0) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        System.out.printf("queue crash: all delivered %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(queued(db)).as("queue empty after the restart").isZero();
      } finally {
        restarted.destroy();
        restarted.waitFor(30, TimeUnit.SECONDS);
      }

      Map<Integer, Integer> all = counts(sink);
      for (int n = 0; n < MESSAGES; n++) {
        assertThat(all.get(n)).as("message %d reached the recorder", n).isNotNull();
        int allowed = inFlight.contains(n) ? 2 : 1;
        assertThat(all.get(n)).as("copies of message %d (in flight at the kill: %s)", n, inFlight.contains(n))
            .isBetween(1, allowed);
      }
    }
  }

  @Test
  void everyAcknowledgedSubmissionArrivesAfterAKillDuringAcceptance() throws Exception {
    try (RecordingSmtpServer sink = new RecordingSmtpServer()) {
      int port = freePort();
      Path config = config(port, sink);
      Process server = startServer(config, port, 0);
      Set<Integer> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      java.util.List<Thread> clients = new java.util.ArrayList<>();
      for (int c = 0; c < 3; c++) {
        clients.add(Thread.ofPlatform().start(() -> submitUntilKilled(port, next, MESSAGES, acked, refusals)));
      }
      // kill while the clients are still submitting (and the courier already delivering the first ones)
      int killAt = MESSAGES / 4 + new java.util.Random().nextInt(MESSAGES / 2);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (next.get() < killAt && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(server.isAlive()).isTrue();
      server.destroyForcibly(); // SIGKILL
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (Thread t : clients) {
        t.join(30_000);
      }
      assertThat(refusals).as("replies other than the expected ones from the running server").isEmpty();
      assertThat(acked).as("acknowledged before the kill").isNotEmpty();
      Map<Integer, Integer> beforeKill = counts(sink);
      System.out.printf("queue crash during acceptance: %d acknowledged, %d at the recorder at the kill%n",
          acked.size(), beforeKill.size());

      Process restarted = startServer(config, port, 1);
      try (Socket s = new Socket("127.0.0.1", port)) {
        submit(s, MESSAGES, MESSAGES + 1); // the restarted server takes mail again
        acked.add(MESSAGES);
      }
      Path db = dir.resolve("data/mailcove.db");
      try {
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((!counts(sink).keySet().containsAll(acked) || queued(db) > 0) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(queued(db)).as("queue empty after the restart").isZero();
      } finally {
        restarted.destroy();
        restarted.waitFor(30, TimeUnit.SECONDS);
      }
      Map<Integer, Integer> all = counts(sink);
      int duplicates = 0;
      for (int n : acked) {
        assertThat(all.get(n)).as("acknowledged message %d reached the recorder", n).isNotNull().isBetween(1, 2);
        duplicates += all.get(n) - 1;
      }
      // a second copy only for a transaction between the remote 250 and its record at the kill
      assertThat(duplicates).as("messages sent twice").isLessThanOrEqualTo(SESSIONS);
    }
  }

  @Test
  void everyFailedMessageGetsItsReportAfterAKillDuringReports() throws Exception {
    // the relay refuses every recipient: each message fails and owes its sender one failure report (RFC 3464),
    // which goes back out through the same relay to app@queue-crash.test
    try (RecordingSmtpServer sink = new RecordingSmtpServer()
        .rcptReply(r -> r.startsWith("m") ? "550 5.1.1 <" + r + ">: no such user" : "250 2.1.5 ok")
        .beforeDataReply(() -> {
          try {
            Thread.sleep(10); // a slow peer: the kill lands among the reports
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })) {
      int port = freePort();
      Path config = config(port, sink);
      Process server = startServer(config, port, 0);
      Submitters clients = Submitters.start(port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (reports(sink).size() < MESSAGES / 3 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      server.destroyForcibly(); // SIGKILL
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      clients.awaitAccepted(30_000);
      int atKill = reports(sink).size();
      System.out.printf("queue crash during reports: %d of %d reports out at the kill%n", atKill, MESSAGES);
      assertThat(atKill).as("reports sent before the kill").isBetween(1, MESSAGES - 1);

      Process restarted = startServer(config, port, 1);
      Path db = dir.resolve("data/mailcove.db");
      try {
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((reports(sink).size() < MESSAGES || queued(db) > 0) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(queued(db)).as("queue empty after the restart").isZero();
      } finally {
        restarted.destroy();
        restarted.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(sink.received()).as("no original was delivered").allSatisfy(r -> assertThat(r.rcpts())
          .containsExactly("app@queue-crash.test"));
      Map<Integer, Integer> reports = reports(sink);
      int duplicates = 0;
      for (int n = 0; n < MESSAGES; n++) {
        assertThat(reports.get(n)).as("failure report for message %d", n).isNotNull().isBetween(1, 2);
        duplicates += reports.get(n) - 1;
      }
      assertThat(duplicates).as("reports sent twice").isLessThanOrEqualTo(SESSIONS);
    }
  }

  /** How many failure reports reached the recorder per message; each must be a whole report of that message. */
  private static Map<Integer, Integer> reports(RecordingSmtpServer sink) {
    Pattern about = Pattern.compile("Final-Recipient: rfc822; m(\\d+)@relay\\.test\r\n");
    Map<Integer, Integer> out = new HashMap<>();
    for (RecordingSmtpServer.Received r : sink.received()) {
      Matcher m = about.matcher(r.text());
      assertThat(m.find()).as("a failure report: %s", r.text()).isTrue();
      int n = Integer.parseInt(m.group(1));
      assertThat(r.mailFrom()).as("reports have the null sender (RFC 5321 §4.5.5)").isEmpty();
      assertThat(r.rcpts()).containsExactly("app@queue-crash.test");
      assertThat(r.text()).as("report on message %d", n).contains("report-type=delivery-status")
          .contains("Action: failed").contains("Status: 5.1.1").contains("X-Seq: " + n + "\r\n")
          .contains(body(n));
      out.merge(n, 1, Integer::sum);
    }
    return out;
  }

  /**
   * Submits messages numbered from {@code next} until {@code limit} or until the server is gone, on one connection;
   * acknowledged numbers go to {@code acked}, a reply other than the expected one from a live server to
   * {@code refusals}.
   */
  private static void submitUntilKilled(int port, java.util.concurrent.atomic.AtomicInteger next, int limit,
                                        Set<Integer> acked, java.util.List<String> refusals) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      expect(in, "220");
      out.write("EHLO app.queue-crash.test\r\n".getBytes(StandardCharsets.US_ASCII));
      expect(in, "250");
      for (int i = next.getAndIncrement(); i < limit; i = next.getAndIncrement()) {
        sendOne(in, out, i);
        acked.add(i);
      }
    } catch (Refused e) {
      refusals.add(e.getMessage());
    } catch (IOException e) {
      // the server was killed: expected
    }
  }

  private Path config(int port, RecordingSmtpServer sink) throws IOException {
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.mxOnlyConfig("mx.queue-crash.test", port, """
        [smtp]
        trusted_networks = ["127.0.0.1/32"]
        [queue]
        retry_schedule = ["1s"]
        poll_interval = "100ms"
        [dns]
        resolver = "static"
        [[relay]]
        name = "recorder"
        host = "127.0.0.1"
        port = %d
        tls = "none"
        max_connections = %d
        """.formatted(sink.port(), SESSIONS)));
    return config;
  }

  /** How often each X-Seq reached the recorder; each copy must be the whole message, as submitted. */
  private static Map<Integer, Integer> counts(RecordingSmtpServer sink) {
    Map<Integer, Integer> out = new HashMap<>();
    for (RecordingSmtpServer.Received r : sink.received()) {
      Matcher m = SEQ.matcher(r.text());
      if (!m.find()) {
        throw new AssertionError("message without X-Seq: " + r.text());
      }
      int n = Integer.parseInt(m.group(1));
      assertThat(r.rcpts()).containsExactly("m" + n + "@relay.test");
      assertThat(r.mailFrom()).isEqualTo("app@queue-crash.test");
      assertThat(r.text()).as("message %d arrived whole", n).contains("\r\nSubject: crash " + n + "\r\n")
          .endsWith("\r\n\r\n" + body(n));
      out.merge(n, 1, Integer::sum);
    }
    return out;
  }

  private static String body(int n) {
    return ("body of message " + n + " " + "y".repeat(60) + "\r\n").repeat(20);
  }

  /** Sequence numbers of recipients not recorded as finished ('pending' or 'delivering'). */
  private static Set<Integer> unfinished(Path db) throws Exception {
    Set<Integer> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT address, state FROM queue_recipients")) {
      while (rs.next()) {
        String state = rs.getString(2);
        if (state.equals("pending") || state.equals("delivering")) {
          String a = rs.getString(1);
          out.add(Integer.parseInt(a.substring(1, a.indexOf('@'))));
        }
      }
    }
    return out;
  }

  private static int queued(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM queue_messages")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Relays messages [first, end) as a trusted client on one connection; each must be acknowledged with 250. */
  private static void submit(Socket s, int first, int end) throws IOException {
    s.setSoTimeout(30_000);
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = s.getOutputStream();
    expect(in, "220");
    out.write("EHLO app.queue-crash.test\r\n".getBytes(StandardCharsets.US_ASCII));
    expect(in, "250");
    for (int i = first; i < end; i++) {
      sendOne(in, out, i);
    }
    out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** One pipelined transaction for message {@code i}, which must end with 250. */
  private static void sendOne(BufferedReader in, OutputStream out, int i) throws IOException {
    out.write(("MAIL FROM:<app@queue-crash.test>\r\nRCPT TO:<m" + i + "@relay.test>\r\nDATA\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    expect(in, "250");
    expect(in, "250");
    expect(in, "354");
    out.write(("From: app@queue-crash.test\r\nTo: m" + i + "@relay.test\r\nSubject: crash " + i + "\r\nX-Seq: " + i
        + "\r\n\r\n" + body(i) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
    expect(in, "250");
  }

  /** A reply other than the expected one: the server answered, and refused. */
  private static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  private static void expect(BufferedReader in, String code) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed, expected " + code);
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (!line.startsWith(code)) {
      throw new Refused("expected " + code + ", got: " + line);
    }
  }

  private static int freePort() throws IOException {
    return ServerProcess.freePort();
  }

  private Process startServer(Path config, int port, int round) throws Exception {
    return ServerProcess.start(config, port, dir.resolve("server-" + round + ".log"));
  }

  /** Three clients submitting the {@code MESSAGES} between them, each over its own connection. */
  private record Submitters(java.util.List<Thread> threads, java.util.List<Throwable> errors) {
    static Submitters start(int port) {
      Submitters s = new Submitters(new java.util.ArrayList<>(), new java.util.concurrent.CopyOnWriteArrayList<>());
      for (int c = 0; c < 3; c++) {
        int first = c * MESSAGES / 3;
        int end = (c + 1) * MESSAGES / 3;
        s.threads.add(Thread.ofPlatform().start(() -> {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            submit(socket, first, end);
          } catch (IOException | RuntimeException e) {
            s.errors.add(e);
          }
        }));
      }
      return s;
    }

    /** Waits for the clients and requires that every message was accepted with 250. */
    void awaitAccepted(long millis) throws InterruptedException {
      for (Thread t : threads) {
        t.join(millis);
      }
      assertThat(errors).as("every message accepted with 250").isEmpty();
    }
  }
}
