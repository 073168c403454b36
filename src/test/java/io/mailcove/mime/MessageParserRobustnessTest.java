package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.MessageSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Broken MIME never makes the parser throw; it degrades the way Dovecot does. */
class MessageParserRobustnessTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void multipartWithoutBoundaryParameterIsTextPlain() {
    MessageSummary s = MessageParser.summarize(bytes(
        "Content-Type: multipart/mixed\r\n\r\n--x\r\nhello\r\n--x--\r\n"));
    assertThat(s.bodyStructure())
        .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 19 3 NIL NIL NIL NIL)");
  }

  @Test
  void multipartWhoseBoundaryNeverAppearsHasOneEmptyTextPart() {
    MessageSummary s = MessageParser.summarize(bytes(
        "Content-Type: multipart/mixed; boundary=abc\r\n\r\njust text\r\n"));
    assertThat(s.body()).isEqualTo(
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0) \"mixed\")");
  }

  @Test
  void missingCloseBoundaryEndsAtEndOfMessage() {
    MessageSummary s = MessageParser.summarize(bytes(
        "Content-Type: multipart/mixed; boundary=abc\r\n\r\n--abc\r\n\r\nbody\r\n"));
    assertThat(s.body()).isEqualTo(
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1) \"mixed\")");
  }

  @Test
  void invalidContentTypeIsTextPlain() {
    MessageSummary s = MessageParser.summarize(bytes("Content-Type: garbage\r\n\r\nx\r\n"));
    assertThat(s.body()).isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1)");
  }

  @Test
  void eightBitAndNulHeadersBecomeLiterals() {
    byte[] msg = bytes("Subject: caf\u00e9 \0ok\r\nFrom: J\u00fcrgen <j@example.org>\r\n\r\nx\r\n");
    MessageSummary s = MessageParser.summarize(msg);
    assertThat(s.envelope()).startsWith("(NIL {8}\r\ncaf\u00e9 ok ((");
    assertThat(s.envelope()).contains("(({7}\r\nJ\u00fcrgen NIL \"j\" \"example.org\"))");
    assertThat(s.subject()).isEqualTo("caf\u00e9 ok");
  }

  @Test
  void latin1HeaderBytesAreReadAsLatin1() {
    byte[] msg = "Subject: caf\u00e9\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(MessageParser.summarize(msg).subject()).isEqualTo("caf\u00e9");
  }

  @Test
  void endlessLineCostsNoMemoryAndIsCounted() throws Exception {
    int size = 20 * 1024 * 1024;
    byte[] head = bytes("Subject: big\r\n\r\n");
    // a stream that produces the bytes lazily, so the test proves the parser does not buffer the line
    java.io.InputStream in = new java.io.SequenceInputStream(new ByteArrayInputStream(head),
        new java.io.InputStream() {
          int left = size;

          @Override
          public int read() {
            return left-- > 0 ? 'a' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'a');
            left -= n;
            return n;
          }
        });
    MessageSummary s = MessageParser.summarize(in);
    assertThat(s.body()).isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" " + size + " 0)");
    assertThat(s.headerBytes()).isEqualTo(head.length);
  }

  @Test
  void deepNestingIsCapped() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
    }
    sb.append("\r\nleaf\r\n");
    MessageSummary s = MessageParser.summarize(bytes(sb.toString()));
    assertThat(balanced(s.bodyStructure())).isTrue();
    assertThat(balanced(s.body())).isTrue();
  }

  @Test
  void headerOnlyMessage() {
    MessageSummary s = MessageParser.summarize(bytes("Subject: x\r\nFrom: a@b"));
    assertThat(s.headerBytes()).isEqualTo(21);
    assertThat(s.body()).isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)");
    assertThat(MessageParser.summarize(new byte[0]).envelope())
        .isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
  }

  @Test
  void randomBytesAndMutatedMimeNeverThrow() {
    Random random = new Random(42);
    byte[] seed = bytes("From: a@b\r\nContent-Type: multipart/mixed; boundary=\"q\"\r\n\r\n--q\r\n"
        + "Content-Type: message/rfc822\r\n\r\nContent-Type: multipart/alternative; boundary=r\r\n\r\n"
        + "--r\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--r--\r\n--q--\r\n");
    for (int round = 0; round < 2000; round++) {
      byte[] msg;
      if (round % 2 == 0) {
        msg = new byte[random.nextInt(400)];
        random.nextBytes(msg);
      } else {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : seed) {
          int r = random.nextInt(40);
          if (r == 0) {
            continue; // drop
          }
          out.write(r == 1 ? random.nextInt(256) : b);
          if (r == 2) {
            out.write(random.nextBoolean() ? '\n' : 0);
          }
        }
        msg = out.toByteArray();
      }
      MessageSummary s = MessageParser.summarize(msg);
      assertThat(balanced(s.bodyStructure())).as("round %d", round).isTrue();
      assertThat(balanced(s.envelope())).as("round %d", round).isTrue();
    }
  }

  /** Parentheses balance outside quoted strings and literals: a cheap well-formedness check. */
  static boolean balanced(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
          if (s.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (c == '{') {
        int close = s.indexOf('}', i);
        int n = Integer.parseInt(s.substring(i + 1, close));
        i = close + 2; // skip CRLF
        int bytes = 0;
        while (bytes < n) {
          bytes += ImapStrings.utf8Length(String.valueOf(s.charAt(++i)));
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0 && s.startsWith("(");
  }
}
