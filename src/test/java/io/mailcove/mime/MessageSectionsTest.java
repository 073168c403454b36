package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Section edge cases beyond the imaptest scripts. */
class MessageSectionsTest {
  private static final String MSG = "Subject: hello\r\n world\r\nFrom: a@b\r\nX-A: 1\r\n"
      + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n"
      + "begin\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      + "AAEC\r\n--b--\r\n";

  private static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void headerFieldsKeepFoldingAndOrder() {
    MessageSections s = MessageSections.of(MSG.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(str(s.section("HEADER.FIELDS (x-a \"SUBJECT\")")))
        .isEqualTo("Subject: hello\r\n world\r\nX-A: 1\r\n\r\n");
    assertThat(str(s.section("header.fields.not (subject content-type)"))).isEqualTo("From: a@b\r\nX-A: 1\r\n\r\n");
  }

  @Test
  void nonexistentPartsAreNull() {
    MessageSections s = MessageSections.of(MSG.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(s.section("3")).isNull();
    assertThat(s.section("1.1")).isNull();
    assertThat(s.binary(new int[] {5})).isNull();
    assertThat(s.binarySize(new int[] {1, 2})).isEqualTo(-1);
  }

  @Test
  void partsOfAMultipartInsideAMultipart() {
    String msg = "Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
        + "--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\n"
        + "inner plain\r\n--i\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--i--\r\n--o--\r\n";
    MessageSections s = MessageSections.of(msg.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(str(s.section("2.1"))).isEqualTo("inner plain");
    assertThat(str(s.section("2.2.MIME"))).isEqualTo("Content-Type: text/html\r\n\r\n");
    assertThat(s.binary(new int[] {2, 2}).content()).asString().isEqualTo("<p>inner</p>");
    assertThat(s.section("2.3")).isNull();
    assertThat(s.section("1.1")).isNull(); // a leaf has no parts
  }

  @Test
  void binaryDecodesAndReportsUnknownEncodings() {
    MessageSections s = MessageSections.of(MSG.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(s.binary(new int[] {2}).content()).containsExactly(0, 1, 2);
    assertThat(s.binarySize(new int[] {2})).isEqualTo(3);
    assertThat(s.binary(new int[] {1}).unknownEncoding()).isTrue();
    assertThat(s.binarySize(new int[] {1})).isEqualTo(-2);
    assertThat(str(s.section("1"))).isEqualTo("begin");
    assertThat(str(s.section("2.MIME")))
        .isEqualTo("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
  }

  @Test
  void singlePartMessageHasPartOne() {
    MessageSections s = MessageSections.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(str(s.section("1"))).isEqualTo("body\r\n");
    assertThat(str(s.section("TEXT"))).isEqualTo("body\r\n");
    assertThat(str(s.section("HEADER"))).isEqualTo("Subject: x\r\n\r\n");
    assertThat(str(s.section(""))).isEqualTo("Subject: x\r\n\r\nbody\r\n");
    assertThat(s.section("2")).isNull();
  }

  @Test
  void badSpecsAreRejected() {
    assertThatThrownBy(() -> SectionSpec.parse("0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SectionSpec.parse("1.")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SectionSpec.parse("MIME")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SectionSpec.parse("HEADER.FIELDS ()")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SectionSpec.parse("FOO")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SectionSpec.parse("1.2.header.fields (A b)").fields()).containsExactly("A", "b");
  }
}
