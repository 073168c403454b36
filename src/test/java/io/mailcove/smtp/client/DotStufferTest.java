package io.mailcove.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DotStufferTest {
  @Test
  void stuffsLeadingDotsAndEndsEveryLineWithCrlf() throws IOException {
    assertThat(stuff(".a\r\nb\r\n..c\r\n", 16384)).isEqualTo("..a\r\nb\r\n...c\r\n");
    assertThat(stuff("bare\nlf\rcr\r\n.\n", 16384)).isEqualTo("bare\r\nlf\r\ncr\r\n..\r\n");
    assertThat(stuff("no end", 16384)).isEqualTo("no end\r\n");
    assertThat(stuff("ends in cr\r", 16384)).isEqualTo("ends in cr\r\n");
    assertThat(stuff("", 16384)).isEmpty();
    assertThat(stuff("\r\n\r\n.", 16384)).isEqualTo("\r\n\r\n..\r\n");
  }

  @Test
  void aCrlfOrADotSplitAcrossReadsIsHandledAsInOneRead() throws IOException {
    assertThat(stuff("a\r\n.b\r\n", 2)).isEqualTo("a\r\n..b\r\n"); // reads: "a\r" "\n." "b\r" "\n"
    assertThat(stuff("a\r.b\r", 2)).isEqualTo("a\r\n..b\r\n");
    assertThat(stuff("x\r\r\n", 2)).isEqualTo("x\r\n\r\n");
  }

  @Test
  void agreesWithAByteAtATimeReferenceOnRandomContent() throws IOException {
    Random random = new Random(5321);
    byte[] alphabet = {'a', '.', '\r', '\n', ' ', (byte) 0xC3};
    for (int round = 0; round < 2000; round++) {
      byte[] content = new byte[random.nextInt(200)];
      for (int i = 0; i < content.length; i++) {
        content[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int chunk = 1 + random.nextInt(20);
      assertThat(stuff(content, chunk)).as("round %d", round).isEqualTo(reference(content));
    }
  }

  private static String stuff(String content, int chunk) throws IOException {
    return new String(stuff(content.getBytes(StandardCharsets.ISO_8859_1), chunk), StandardCharsets.ISO_8859_1);
  }

  private static byte[] stuff(byte[] content, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DotStuffer.copy(new ChunkedStream(content, chunk), out);
    return out.toByteArray();
  }

  /** RFC 5321 §4.5.2 one byte at a time: CR, LF and CRLF end a line with CRLF; a leading dot is doubled. */
  private static byte[] reference(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean lineStart = true;
    for (int i = 0; i < content.length; i++) {
      byte b = content[i];
      if (b == '\r' || b == '\n') {
        out.write('\r');
        out.write('\n');
        lineStart = true;
        if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
          i++;
        }
        continue;
      }
      if (lineStart && b == '.') {
        out.write('.');
      }
      out.write(b);
      lineStart = false;
    }
    if (!lineStart) {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Hands out at most {@code chunk} bytes per read, as a socket or a file read in blocks may. */
  private static final class ChunkedStream extends InputStream {
    private final ByteArrayInputStream in;
    private final int chunk;

    ChunkedStream(byte[] content, int chunk) {
      this.in = new ByteArrayInputStream(content);
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, chunk));
    }
  }
}
