package io.mailcove.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A reply goes out whole in one write per flush (up to the cap), byte for byte. */
class ReplyBufferTest {
  /** Records each write the buffer makes to the socket. */
  static final class Socket extends ByteArrayOutputStream {
    final List<Integer> writes = new ArrayList<>();

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes.add(len);
      super.write(b, off, len);
    }
  }

  @Test
  void aFetchReplyWithALiteralLeavesInOneWrite() throws IOException {
    Socket socket = new Socket();
    ReplyBuffer out = new ReplyBuffer(socket);
    byte[] literal = new byte[15_000];
    new Random(1).nextBytes(literal);
    out.write("* 5 FETCH (UID 5 BODY[] {15000}\r\n".getBytes());
    out.write(literal);
    out.write(")\r\n".getBytes());
    out.write("a1 OK FETCH completed\r\n".getBytes());
    assertThat(socket.writes).as("nothing sent before the flush").isEmpty();
    out.flush();
    assertThat(socket.writes).hasSize(1);
    assertThat(socket.size()).isEqualTo(33 + 15_000 + 3 + 23);
  }

  @Test
  void bigRepliesGoOutInCappedPiecesAndEveryByteArrives() throws IOException {
    Socket socket = new Socket();
    ReplyBuffer out = new ReplyBuffer(socket);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Random random = new Random(2);
    for (int i = 0; i < 200; i++) {
      byte[] chunk = new byte[random.nextInt(3) == 0 ? random.nextInt(100_000) : random.nextInt(300)];
      random.nextBytes(chunk);
      if (chunk.length == 1) {
        out.write(chunk[0]);
      } else {
        out.write(chunk);
      }
      expected.write(chunk);
      if (random.nextInt(10) == 0) {
        out.flush();
      }
    }
    out.flush();
    assertThat(socket.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(socket.writes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ReplyBuffer.MAX));
  }

  @Test
  void textFromABuilderArrivesAsUtf8WhetherAsciiOrNotAndPastTheCap() throws IOException {
    Socket socket = new Socket();
    ReplyBuffer out = new ReplyBuffer(socket);
    StringBuilder line = new StringBuilder("* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n");
    StringBuilder utf8 = new StringBuilder("* 2 FETCH (ENVELOPE (\"Grüße 郵件 🙂\"))\r\n");
    StringBuilder big = new StringBuilder();
    while (big.length() < 3 * ReplyBuffer.MAX) {
      big.append("0123456789abcdef");
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (StringBuilder text : List.of(line, utf8, big, line)) {
      out.writeText(text);
      expected.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    out.flush();
    assertThat(socket.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(socket.writes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ReplyBuffer.MAX));
  }

  @Test
  void aGrownBufferIsKeptWhileBigRepliesComeAndGivenBackAfterSmallOnesOrRelease() throws IOException {
    Socket socket = new Socket();
    ReplyBuffer out = new ReplyBuffer(socket);
    byte[] body = new byte[20_000];
    out.write(body);
    out.flush();
    int grown = out.capacity();
    assertThat(grown).isGreaterThanOrEqualTo(body.length);
    out.write(body);
    out.flush();
    assertThat(out.capacity()).as("the next body reuses the buffer").isEqualTo(grown);
    for (int i = 0; i < ReplyBuffer.SHRINK_AFTER - 1; i++) {
      out.write("a OK\r\n".getBytes());
      out.flush();
    }
    assertThat(out.capacity()).isEqualTo(grown);
    out.write("a OK\r\n".getBytes());
    out.flush();
    assertThat(out.capacity()).as("shrunk after small replies in a row").isEqualTo(ReplyBuffer.INITIAL);
    out.write(body);
    out.flush();
    out.release();
    assertThat(out.capacity()).as("released when the session idles").isZero();
    out.write("* 4 EXISTS\r\n".getBytes());
    assertThat(out.capacity()).as("a push after the release allocates little").isEqualTo(ReplyBuffer.FIRST);
    out.flush();
    assertThat(socket.size()).isEqualTo(3 * body.length + ReplyBuffer.SHRINK_AFTER * 6 + 12);
  }
}
