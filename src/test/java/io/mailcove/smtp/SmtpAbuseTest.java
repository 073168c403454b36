package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Account;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of a hostile network against a server on a small VPS: {@code mailcove serve} runs in its own JVM with a
 * 96 MB heap while 300 unauthenticated sessions from 15 addresses each send 1 MB of DATA and never end it, clients
 * trickle a command or message one byte per second, and others send header sections over 1 MiB. Meanwhile a
 * legitimate 900 KB message must be accepted (retrying on a tempfail, as any MTA does) and stored whole; the server
 * must stay up and its log must show no OutOfMemoryError or StackOverflowError.
 */
class SmtpAbuseTest {
  private static final int FLOODERS = 300;
  private static final int FLOOD_ADDRESSES = 15; // 127.0.0.2 .. 127.0.0.16, 20 sessions each (the per-IP limit)
  private static final int FLOOD_BYTES = 1_000_000;
  private static final int LEGIT_BYTES = 900_000;
  private static final byte[] FLOOD = lines(FLOOD_BYTES, 'f');

  @TempDir
  Path dir;

  @Test
  void smallHeapSurvivesFloodsTricklesAndHugeHeadersAndStillTakesMail() throws Exception {
    int port = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.mxOnlyConfig("mx.abuse.test", port, """
        [smtp]
        command_timeout = "5s"
        greeting_timeout = "8s"
        data_timeout = "60s"
        """));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      ServerProcess.addUser(store, "sink@abuse.test", "x-password-1");
    }
    Path log = dir.resolve("server.log");
    Process server = ServerProcess.start(config, port, log, "96m");
    List<RawSmtp> held = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      // trickling clients first, so that they are in their phase before memory runs short
      List<Future<Long>> trickles = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String from = "127.0.0." + (20 + i);
        trickles.add(pool.submit(() -> trickle(port, from, false)));
        trickles.add(pool.submit(() -> trickle(port, from, true)));
      }
      CountDownLatch flooded = new CountDownLatch(FLOODERS);
      AtomicInteger inData = new AtomicInteger();
      AtomicInteger tempfailed = new AtomicInteger();
      for (int i = 0; i < FLOODERS; i++) {
        String from = "127.0.0." + (2 + i % FLOOD_ADDRESSES);
        pool.submit(() -> flood(port, from, held, flooded, inData, tempfailed));
      }
      List<Future<String>> headers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String from = "127.0.0." + (40 + i);
        headers.add(pool.submit(() -> hugeHeader(port, from)));
      }
      while (flooded.getCount() > FLOODERS / 2) {
        Thread.sleep(10);
      }
      String legit = legitimate(port); // while the other half is still coming in, and the first half held
      assertThat(legit).as("the legitimate message during the attack").startsWith("250 2.0.0");
      assertThat(flooded.await(60, TimeUnit.SECONDS)).as("every flood is in").isTrue();
      for (Future<String> h : headers) {
        assertThat(h.get(60, TimeUnit.SECONDS)).isIn(Replies.HEADER_TOO_BIG, Replies.RESOURCES);
      }
      for (Future<Long> t : trickles) {
        assertThat(t.get(60, TimeUnit.SECONDS)).as("seconds a trickling client held its slot").isLessThan(15);
      }
      System.out.printf("abuse: %d floods in DATA, %d tempfailed, %d held open%n", inData.get(), tempfailed.get(),
          held.size());
      assertThat(server.isAlive()).isTrue();
      try (RawSmtp c = new RawSmtp(port)) {
        assertThat(c.read()).startsWith("220");
        assertThat(c.cmd("NOOP")).startsWith("250");
      }
    } finally {
      pool.shutdownNow();
      synchronized (held) {
        for (RawSmtp c : held) {
          c.close();
        }
      }
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      Account sink = store.directory().account("sink@abuse.test").orElseThrow();
      Mailbox inbox = store.mail().mailbox(sink.id(), "INBOX").orElseThrow();
      List<MessageMeta> messages = store.mail().messages(inbox.id());
      assertThat(messages).hasSize(1);
      String stored = new String(store.blobs().read(messages.get(0).blobId()), StandardCharsets.US_ASCII);
      assertThat(stored).contains("Subject: legitimate\r\n").endsWith(new String(lines(LEGIT_BYTES, 'l'),
          StandardCharsets.US_ASCII));
    }
  }

  /** One flooding session: into DATA, 1 MB of text without the end mark, then held open. */
  private static void flood(int port, String from, List<RawSmtp> held, CountDownLatch flooded, AtomicInteger inData,
                            AtomicInteger tempfailed) {
    try {
      RawSmtp c = new RawSmtp(port, from);
      held.add(c);
      c.read();
      c.send("EHLO flood.example\r\nMAIL FROM:<x@flood.example>\r\nRCPT TO:<sink@abuse.test>\r\nDATA\r\n");
      c.read();
      String mail = c.read();
      c.read();
      String data = c.read();
      if (data == null || !data.startsWith("354")) {
        if (mail != null && mail.startsWith("451") || data != null && data.startsWith("451")) {
          tempfailed.incrementAndGet();
        }
        return;
      }
      inData.incrementAndGet();
      c.send(FLOOD);
    } catch (IOException e) {
      // closed by the server: fine, it is defending itself
    } finally {
      flooded.countDown();
    }
  }

  /** A client that sends one byte a second (a command line, or a message); how long the server let it stay. */
  private static long trickle(int port, String from, boolean inData) throws IOException {
    try (RawSmtp c = new RawSmtp(port, from)) {
      c.read();
      if (inData) {
        c.send("EHLO slow.example\r\nMAIL FROM:<x@slow.example>\r\nRCPT TO:<sink@abuse.test>\r\nDATA\r\n");
        c.read();
        c.read();
        c.read();
        assertThat(c.read()).startsWith("354");
      }
      long start = System.nanoTime();
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < 60; i++) {
            c.send(new byte[] {'x'});
            Thread.sleep(1000);
          }
        } catch (IOException | InterruptedException e) {
          // closed by the server
        }
      });
      String reply = c.read();
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      writer.interrupt();
      assertThat(reply).as("reply to trickle in data " + inData + " from " + from).startsWith("421 4.4.2");
      assertThat(c.closedByServer()).isTrue();
      return seconds;
    }
  }

  /** A complete message whose header section is over 1 MiB; the reply to its end. */
  private static String hugeHeader(int port, String from) throws IOException {
    try (RawSmtp c = new RawSmtp(port, from)) {
      c.read();
      c.send("EHLO big.example\r\nMAIL FROM:<x@big.example>\r\nRCPT TO:<sink@abuse.test>\r\nDATA\r\n");
      c.read();
      String mail = c.read();
      c.read();
      String data = c.read();
      if (data == null || !data.startsWith("354")) {
        return mail != null && mail.startsWith("451") ? mail : data;
      }
      String field = "X-Padding: " + "p".repeat(986) + "\r\n";
      c.send("From: <x@big.example>\r\n" + field.repeat(1100) + "\r\nbody\r\n.\r\n");
      return c.read();
    }
  }

  /** The 900 KB message, sent as an MTA would: again after a tempfail, a few times. */
  private static String legitimate(int port) throws Exception {
    String message = "From: <friend@far.example>\r\nTo: <sink@abuse.test>\r\nSubject: legitimate\r\n\r\n"
        + new String(lines(LEGIT_BYTES, 'l'), StandardCharsets.US_ASCII) + ".\r\n";
    String reply = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (RawSmtp c = new RawSmtp(port)) {
        c.read();
        c.cmd("EHLO friend.example");
        reply = c.cmd("MAIL FROM:<friend@far.example> SIZE=" + message.length());
        if (reply.startsWith("250") && (reply = c.cmd("RCPT TO:<sink@abuse.test>")).startsWith("250")
            && (reply = c.cmd("DATA")).startsWith("354")) {
          reply = c.cmd(message.substring(0, message.length() - 2));
        }
      }
      if (reply == null || !reply.startsWith("4")) {
        return reply;
      }
      Thread.sleep(250);
    }
    return reply;
  }

  /** {@code size} bytes of CRLF-ended lines of one letter (the last line shorter). */
  private static byte[] lines(int size, char letter) {
    StringBuilder sb = new StringBuilder(size);
    String line = String.valueOf(letter).repeat(78) + "\r\n";
    while (sb.length() + line.length() <= size) {
      sb.append(line);
    }
    sb.append(String.valueOf(letter).repeat(Math.max(0, size - sb.length() - 2))).append("\r\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
