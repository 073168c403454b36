package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The one header parser: following a message piece by piece as it is spooled ({@link HeaderParser}) or given a whole
 * message ({@link ParsedMessage#of}), it finds the same header section and gives the same fields, raw bytes, offsets
 * and decoded values.
 */
class HeaderParserTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Feeds {@code message} in pieces of {@code piece} bytes. */
  private static ParsedMessage fed(byte[] message, int piece) {
    HeaderParser p = new HeaderParser();
    for (int i = 0; i < message.length; i += piece) {
      p.feed(message, i, Math.min(piece, message.length - i));
    }
    return p.finish(message, MimeParser.parse(message));
  }

  /** Both ways, byte by byte and whole, must agree; returns the incremental one. */
  private static ParsedMessage parse(String message) {
    byte[] m = bytes(message);
    ParsedMessage whole = ParsedMessage.of(m);
    for (int piece : new int[] {1, 3, 7, m.length + 1}) {
      ParsedMessage p = fed(m, piece);
      assertThat(p.header().fields()).as("piece " + piece).isEqualTo(whole.header().fields());
      assertThat(p.headerSize()).isEqualTo(whole.headerSize());
      assertThat(p.eightBit()).isEqualTo(whole.eightBit());
      assertThat(p.size()).isEqualTo(m.length);
    }
    return fed(m, 5);
  }

  @Test
  void foldedFieldsAreUnfoldedAndKeepTheirRawBytesAndOffsets() {
    String first = "Subject: a long\r\n\tsubject line\r\n";
    String second = "To: bob@example.test\r\n";
    String message = first + second + "\r\nbody\r\n";
    ParsedMessage p = parse(message);
    assertThat(p.header().fields()).hasSize(2);
    HeaderField subject = p.header().fields().get(0);
    assertThat(subject.name()).isEqualTo("Subject");
    assertThat(subject.value()).isEqualTo("a long\tsubject line");
    assertThat(subject.start()).isZero();
    assertThat(subject.valueStart()).isEqualTo("Subject:".length());
    assertThat(subject.end()).isEqualTo(first.length());
    assertThat(new String(p.header().raw(subject), StandardCharsets.US_ASCII)).isEqualTo(first);
    assertThat(p.header().rawText(subject)).isEqualTo("Subject: a long\r\n\tsubject line");
    HeaderField to = p.header().fields().get(1);
    assertThat(to.start()).isEqualTo(first.length());
    assertThat(to.end()).isEqualTo(first.length() + second.length());
    assertThat(p.headerSize()).isEqualTo(first.length() + second.length() + 2);
    assertThat(p.header().size()).isEqualTo(p.headerSize());
  }

  @Test
  void aBareLfEndsLinesAndTheSection() {
    ParsedMessage p = parse("From: a@example.test\nSubject: lf\n continued\n\nbody\n");
    assertThat(p.header().get("Subject")).isEqualTo("lf continued");
    assertThat(p.header().from()).extracting(AddressParser.Address::address).containsExactly("a@example.test");
    assertThat(p.headerSize()).isEqualTo("From: a@example.test\nSubject: lf\n continued\n\n".length());
  }

  @Test
  void nulBytesAreDroppedFromValuesButKeptInTheRawBytes() {
    ParsedMessage p = parse("Subject: a\0b\r\n\r\n");
    HeaderField f = p.header().fields().get(0);
    assertThat(f.value()).isEqualTo("ab");
    assertThat(p.header().raw(f)).contains((byte) 0);
  }

  @Test
  void aHeaderSectionWithoutBodyIsAllHeader() {
    ParsedMessage p = parse("Subject: no body\r\nTo: x@example.test");
    assertThat(p.header().get("Subject")).isEqualTo("no body");
    assertThat(p.header().get("To")).isEqualTo("x@example.test");
    assertThat(p.headerSize()).isEqualTo(p.size());
    assertThat(p.headerTooLarge()).isFalse();
  }

  @Test
  void aHeaderSectionOverTheLimitIsReportedAndNotKept() {
    byte[] line = bytes("X-Pad: " + "a".repeat(990) + "\r\n");
    HeaderParser p = new HeaderParser();
    long fed = 0;
    while (fed <= ParsedMessage.HEADER_LIMIT) {
      p.feed(line, 0, line.length);
      fed += line.length;
    }
    byte[] rest = bytes("\r\nbody \u00e9\r\n");
    p.feed(rest, 0, rest.length);
    ParsedMessage m = p.finish(null, null);
    assertThat(m.headerTooLarge()).isTrue();
    assertThat(m.header().fields()).as("nothing kept").isEmpty();
    assertThat(m.headerSize()).isEqualTo(fed + 2);
    assertThat(m.eightBit()).as("the body is still looked at").isTrue();
    assertThat(m.size()).isEqualTo(fed + rest.length);

    byte[] whole = new byte[(int) fed + 2];
    for (int i = 0; i + line.length <= fed; i += line.length) {
      System.arraycopy(line, 0, whole, i, line.length);
    }
    whole[(int) fed] = '\r';
    whole[(int) fed + 1] = '\n';
    assertThat(ParsedMessage.of(whole).headerTooLarge()).isTrue();
    assertThat(ParsedMessage.of(Arrays.copyOf(line, line.length)).headerTooLarge()).isFalse();
  }

  @Test
  void fromWithAGroupACommentAndAnEncodedWord() {
    ParsedMessage p = parse("From: Team: =?UTF-8?Q?Andr=C3=A9?= <andre@example.test>,"
        + " carol@example.test (Carol C);\r\nSender: <bob@Example.TEST>\r\nReply-To: x@example.test\r\n\r\n");
    assertThat(p.fromFields()).isEqualTo(1);
    assertThat(p.header().from()).extracting(AddressParser.Address::address)
        .containsExactly("andre@example.test", "carol@example.test");
    assertThat(p.header().from().get(0).displayName()).isEqualTo("André");
    assertThat(p.header().from().get(1).displayName()).isEqualTo("Carol C");
    assertThat(p.header().fromDomain()).isEqualTo("example.test");
    assertThat(p.header().sender()).extracting(AddressParser.Address::domain).containsExactly("Example.TEST");
    assertThat(p.header().replyTo()).extracting(AddressParser.Address::address).containsExactly("x@example.test");
  }

  @Test
  void twoFromFieldsAreCountedAndBothRead() {
    ParsedMessage p = parse("From: a@one.test\r\nSubject: x\r\nfrom : b@two.test\r\n\r\n");
    assertThat(p.fromFields()).isEqualTo(2);
    assertThat(p.header().from()).extracting(AddressParser.Address::address)
        .containsExactly("a@one.test", "b@two.test");
    assertThat(p.header().fromDomain()).isEqualTo("one.test");
  }

  @Test
  void anAddressWithoutDomainIsNoAddress() {
    ParsedMessage p = parse("From: undisclosed-recipients:;\r\nSender: nobody\r\n\r\n");
    assertThat(p.header().from()).isEmpty();
    assertThat(p.header().sender()).singleElement().satisfies(a -> assertThat(a.address()).isNull());
    assertThat(p.header().fromDomain()).isNull();
  }

  @Test
  void eightBitIsSeenInTheHeaderOrTheBody() {
    assertThat(parse("Subject: plain\r\n\r\nplain\r\n").eightBit()).isFalse();
    assertThat(parse("Subject: caf\u00e9\r\n\r\nplain\r\n").eightBit()).isTrue();
    assertThat(parse("Subject: plain\r\n\r\ncaf\u00e9\r\n").eightBit()).isTrue();
    assertThat(parse("Subject: caf\u00e9\r\n\r\n").header().get("Subject")).isEqualTo("caf\u00e9");
  }

  @Test
  void dateMessageIdAndListIdAreDecoded() {
    ParsedMessage p = parse("Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <abc@example.test>\r\n"
        + "List-Id: Friends <friends.example.test>\r\n\r\n");
    assertThat(p.header().date()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(p.header().messageId()).isEqualTo("abc@example.test");
    assertThat(p.header().listId()).isEqualTo("friends.example.test");
  }

  @Test
  void randomBytesInRandomPiecesGiveWhatTheWholeMessageGives() {
    java.util.Random random = new java.util.Random(12);
    byte[] alphabet = bytes("ab:; \t\r\n\0<>@,\"()=?\u00e9");
    for (int round = 0; round < 2000; round++) {
      byte[] m = new byte[random.nextInt(300)];
      for (int i = 0; i < m.length; i++) {
        m[i] = alphabet[random.nextInt(alphabet.length)];
      }
      ParsedMessage whole = ParsedMessage.of(m);
      HeaderParser p = new HeaderParser();
      for (int i = 0; i < m.length; ) {
        int n = Math.min(m.length - i, 1 + random.nextInt(20));
        p.feed(m, i, n);
        i += n;
      }
      ParsedMessage fed = p.finish(m, null);
      assertThat(fed.header().fields()).isEqualTo(whole.header().fields());
      assertThat(fed.headerSize()).isEqualTo(whole.headerSize());
      assertThat(fed.eightBit()).isEqualTo(whole.eightBit());
      for (HeaderField f : fed.header().fields()) {
        assertThat(f.start()).isLessThan(f.valueStart()).isGreaterThanOrEqualTo(0);
        assertThat(f.valueStart()).isLessThanOrEqualTo(f.end());
        assertThat(f.end()).isLessThanOrEqualTo((int) fed.headerSize());
      }
      fed.header().from();
      fed.header().sender();
      fed.header().replyTo();
      fed.header().date();
      fed.header().listId();
    }
  }

  @Test
  void aLineWithoutColonIsSkippedAndTheRestIsKept() {
    ParsedMessage p = parse(" leading continuation\r\nnot a field\r\nTo: t@example.test\r\n\r\n");
    assertThat(p.header().fields()).extracting(HeaderField::name).containsExactly("To");
  }

  @Test
  void aModelWithTraceFieldsPutInFrontIsTheModelOfTheWholeMessage() {
    byte[] message = bytes("From: Ann <ann@Example.COM>\r\nSubject: caf\u00e9\r\n folded\r\nTo: b@example.net\r\n\r\nbody\r\n");
    byte[] head = bytes("Received: from client.example (client.example [192.0.2.1])\r\n\tby mx.example; "
        + "Mon, 7 Dec 2026 06:00:00 +0000\r\nReturn-Path: <ann@example.com>\r\n");
    byte[] full = new byte[head.length + message.length];
    System.arraycopy(head, 0, full, 0, head.length);
    System.arraycopy(message, 0, full, head.length, message.length);

    ParsedMessage moved = fed(message, 4).withPrefix(full, head.length);
    ParsedMessage whole = ParsedMessage.of(full);
    assertThat(moved.header().fields()).isEqualTo(whole.header().fields()).hasSize(5);
    assertThat(moved.header().fields()).extracting(HeaderField::name)
        .containsExactly("Received", "Return-Path", "From", "Subject", "To");
    for (HeaderField f : whole.header().fields()) {
      assertThat(moved.header().rawText(f)).isEqualTo(whole.header().rawText(f));
    }
    assertThat(moved.header().size()).isEqualTo(whole.header().size());
    assertThat(moved.headerSize()).isEqualTo(whole.headerSize());
    assertThat(moved.size()).isEqualTo(full.length);
    assertThat(moved.eightBit()).isTrue();
    assertThat(moved.header().fromDomain()).isEqualTo("example.com");
    assertThat(moved.mime().end()).isEqualTo(whole.mime().end());
  }
}
