package io.mailcove.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailcove.mime.AddressParser;
import io.mailcove.mime.ParsedMessage;
import io.mailcove.server.MemoryBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message is parsed while it is written to its buffer, in memory or spooled to a file, and never read back for
 * it: the model stays the same instance for every reader until the buffer is reset.
 */
class MessageBufferParseTest {
  @TempDir
  Path temp;

  private static final String HEADER = "From: Carol <carol@example.test>\r\nSubject: big\r\n\r\n";

  private static void writeInLines(MessageBuffer b, String message) throws IOException {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < m.length; i += 10) {
      b.write(m, i, Math.min(10, m.length - i));
    }
  }

  @Test
  void aSpooledMessageIsParsedAsItIsWrittenNeverReadBack() throws IOException {
    String body = "line of the body \u00e9\r\n".repeat(2000);
    try (MessageBuffer b = new MessageBuffer(temp, 64, new MemoryBudget(1 << 20))) {
      writeInLines(b, HEADER + body);
      assertThat(b.inMemory()).as("spooled").isFalse();
      try (Stream<Path> files = Files.list(temp)) {
        List<Path> spool = files.toList();
        assertThat(spool).hasSize(1);
        Files.delete(spool.get(0)); // nothing can be read back from the spool now
      }
      ParsedMessage p = b.finish();
      assertThat(p.header().from()).extracting(AddressParser.Address::address).containsExactly("carol@example.test");
      assertThat(p.header().get("Subject")).isEqualTo("big");
      assertThat(p.headerSize()).isEqualTo(HEADER.length());
      assertThat(p.size()).isEqualTo(b.size());
      assertThat(p.eightBit()).isTrue();
      assertThat(Message.of(b).parsed()).as("one model").isSameAs(p).isSameAs(b.parsed());
    }
  }

  @Test
  void aLongHeaderSectionBesideTheFileIsReadBackAndTheBudgetIsGivenBack() throws IOException {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    String pad = "X-Pad: " + "p".repeat(990) + "\r\n";
    String header = HEADER.replace("\r\n\r\n", "\r\n") + pad.repeat(MessageBuffer.HEADER_KEPT / pad.length() + 4)
        + "Subject: last\r\n\r\n";
    try (MessageBuffer b = new MessageBuffer(temp, 64, budget)) {
      writeInLines(b, header + "body\r\n");
      assertThat(b.inMemory()).isFalse();
      ParsedMessage p = b.finish();
      assertThat(p.headerSize()).isEqualTo(header.length());
      assertThat(p.header().all("Subject")).containsExactly("big", "last");
      assertThat(p.header().fields()).last().satisfies(f -> assertThat(f.end()).isEqualTo(header.length() - 2));
      b.reset();
      assertThat(budget.used()).isZero();
    }
  }

  @Test
  void aHeaderSectionOverTheLimitIsNotKept() throws IOException {
    String pad = "X-Pad: " + "p".repeat(990) + "\r\n";
    try (MessageBuffer b = new MessageBuffer(temp, 64 * 1024, new MemoryBudget(1 << 20))) {
      writeInLines(b, pad.repeat(ParsedMessage.HEADER_LIMIT / pad.length() + 1) + "\r\nbody\r\n");
      ParsedMessage p = b.finish();
      assertThat(p.headerTooLarge()).isTrue();
      assertThat(p.header().fields()).isEmpty();
      assertThat(Message.of(b).headerTooLarge()).isTrue();
    }
  }

  @Test
  void theModelIsFinalUntilReset() throws IOException {
    try (MessageBuffer b = new MessageBuffer(temp, 1 << 20, new MemoryBudget(1 << 20))) {
      writeInLines(b, HEADER + "hi\r\n");
      ParsedMessage p = b.finish();
      assertThat(b.inMemory()).isTrue();
      assertThat(p.eightBit()).isFalse();
      byte[] more = {'x'};
      assertThatThrownBy(() -> b.write(more, 0, 1)).isInstanceOf(IllegalStateException.class);
      b.reset();
      writeInLines(b, "Subject: next\r\n\r\n");
      assertThat(b.finish()).isNotSameAs(p);
      assertThat(b.parsed().header().get("Subject")).isEqualTo("next");
    }
  }

  @Test
  void aMessageHandedOverInMemoryIsParsedInPlace() {
    byte[] m = (HEADER + "hi\r\n").getBytes(StandardCharsets.US_ASCII);
    try (MessageBuffer b = MessageBuffer.of(m, temp, new MemoryBudget(1 << 20))) {
      assertThat(b.parsed().header().from()).extracting(AddressParser.Address::name).containsExactly("Carol");
      assertThat(b.parsed()).isSameAs(b.parsed());
    }
  }
}
