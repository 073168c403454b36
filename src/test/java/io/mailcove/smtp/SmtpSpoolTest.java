package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.mime.MimeStream;
import io.mailcove.server.MemoryBudget;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message data in memory is bounded and accounted for: up to 64 KiB of a message is reserved in the process-wide
 * memory budget and given back at the end of the transaction, whatever way it ends; the rest goes to a temporary
 * file. When memory is short, new transactions get 451 4.3.1 while the ones under way are finished.
 */
class SmtpSpoolTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  private long held;

  private static MemoryBudget budget() {
    return server.get().server().context().memoryBudget();
  }

  @AfterEach
  void giveBack() {
    budget().release(held);
    held = 0;
  }

  /** Takes budget as other connections would, until it is under pressure (or, with {@code all}, full). */
  private void exhaust(boolean all) {
    MemoryBudget b = budget();
    long take = all ? b.limit() - b.used() : b.limit() - b.limit() / 8 - b.used();
    assertThat(b.tryReserve(take)).isTrue();
    held += take;
    assertThat(b.underPressure()).isTrue();
  }

  private RawSmtp session() throws Exception {
    RawSmtp c = new RawSmtp(server.port("smtp"));
    c.read();
    c.cmd("EHLO client.example");
    return c;
  }

  @Test
  void underPressureNewTransactionsGetATempfail() throws Exception {
    try (RawSmtp c = session()) {
      assertThat(c.cmd("MAIL FROM:<a@remote.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250");
      exhaust(false);
      assertThat(c.cmd("DATA")).isEqualTo(Replies.RESOURCES); // RFC 3463 X.3.1
      assertThat(c.cmd("MAIL FROM:<a@remote.test>")).isEqualTo(Replies.RESOURCES);
      giveBack();
      assertThat(c.cmd("MAIL FROM:<a@remote.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250");
      exhaust(false);
      c.send("BDAT 5 LAST\r\nhello");
      assertThat(c.read()).isEqualTo(Replies.RESOURCES);
      assertThat(c.cmd("NOOP")).startsWith("250"); // in step: the chunk was read and dropped
    }
  }

  @Test
  void aTransactionUnderWayIsFinishedWhenTheBudgetRunsOut() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    String block = ("z".repeat(78) + "\r\n").repeat(100);
    try (RawSmtp c = session()) {
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      assertThat(c.cmd("DATA")).startsWith("354");
      c.send("Subject: goes on\r\n\r\n" + block);
      awaitUntil(() -> budget().used() > 0 ? 1 : 0); // the first kilobytes are held in memory, and accounted for
      exhaust(true);
      c.send(block.repeat(40)); // 320 KB more: to the file, as the budget has no room
      assertThat(c.cmd(".")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
    assertThat(DeliveryTail.last(server.get(), TestServer.ALICE)).endsWith(block.repeat(41));
  }

  @Test
  void theBudgetIsGivenBackHoweverATransactionEnds() throws Exception {
    long base = budget().used();
    String part = ("q".repeat(78) + "\r\n").repeat(300); // 24 KB: in memory
    try (RawSmtp c = session()) { // a message accepted
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("Subject: one\r\n\r\n" + part + ".")).startsWith("250");
      assertThat(budget().used()).isEqualTo(base);
      c.cmd("MAIL FROM:<a@remote.test>"); // BDAT, then RSET
      c.cmd("RCPT TO:<alice@example.test>");
      c.send("BDAT " + part.length() + "\r\n" + part);
      assertThat(c.read()).startsWith("250");
      assertThat(budget().used()).isGreaterThan(base);
      assertThat(c.cmd("RSET")).startsWith("250");
      assertThat(budget().used()).isEqualTo(base);
      c.cmd("MAIL FROM:<a@remote.test>"); // BDAT, then QUIT
      c.cmd("RCPT TO:<alice@example.test>");
      c.send("BDAT " + part.length() + "\r\n" + part);
      assertThat(c.read()).startsWith("250");
      assertThat(budget().used()).isGreaterThan(base);
      assertThat(c.cmd("QUIT")).startsWith("221");
    }
    awaitUntil(() -> budget().used() == base ? 1 : 0);
    try (RawSmtp c = session()) { // DATA, then the client vanishes
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      c.send("Subject: half\r\n\r\n" + part);
      awaitUntil(() -> budget().used() > base ? 1 : 0);
    }
    awaitUntil(() -> budget().used() == base ? 1 : 0);
  }

  @Test
  void aLargeMessageGoesThroughAFileThatIsDeletedAfterwards() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    String body = ("l".repeat(78) + "\r\n").repeat(40_000); // 3.2 MB
    try (RawSmtp c = session()) {
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      c.send("Subject: large\r\n\r\n" + body);
      awaitUntil(() -> spooled() > 0 ? 1 : 0);
      // once the message is in the file, only its header section (18 bytes, in the smallest copy) and the buffers of
      // the MIME parser reading the bytes on their way to the file stay in memory
      awaitUntil(() -> budget().used() <= MimeStream.MEMORY + 1024 ? 1 : 0);
      assertThat(c.cmd(".")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
    assertThat(DeliveryTail.last(server.get(), TestServer.ALICE)).endsWith(body);
    awaitUntil(() -> spooled() == 0 ? 1 : 0);
  }

  private static long spooled() {
    Path dir = server.get().dataDir().resolve("tmp").resolve("smtp");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitUntil(LongSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (condition.getAsLong() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
