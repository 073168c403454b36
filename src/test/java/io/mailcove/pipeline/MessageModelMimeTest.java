package io.mailcove.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.mime.ImaptestData;
import io.mailcove.mime.MessageParser;
import io.mailcove.mime.MimePart;
import io.mailcove.server.MemoryBudget;
import io.mailcove.store.MessageSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MIME tree of the message model, parsed while the message is written (in memory, or beside the spool file),
 * gives the stored copy the same IMAP summaries (ENVELOPE, BODYSTRUCTURE, BODY, sort keys) as parsing the stored
 * bytes would: Return-Path and trace fields in front included, whatever the pieces the bytes arrive in.
 */
class MessageModelMimeTest {
  private static final byte[] TRACE = ("Return-Path: <s@example.test>\r\nReceived: from a.example.test by mx\r\n"
      + "\tfor <b@example.test>; Mon, 7 Dec 2026 01:00:00 +0000\r\n").getBytes(StandardCharsets.US_ASCII);
  private static final List<String> CORPORA = List.of("fetch-binary-mime", "fetch-binary-mime-base64",
      "fetch-binary-mime-qp", "fetch-body-message-rfc822-mime", "fetch-body-message-rfc822-x2",
      "fetch-body-message-rfc822", "fetch-body-mime", "fetch-body", "fetch-bodystructure", "fetch-envelope",
      "search-body", "thread");

  @TempDir
  Path temp;

  private static List<byte[]> corpus() {
    List<byte[]> all = new ArrayList<>();
    for (String name : CORPORA) {
      all.addAll(ImaptestData.messages(name));
    }
    String big = "From: a@example.test\r\nSubject: nested\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n"
        + "--o\r\nContent-Type: text/plain\r\n\r\n" + "text line\r\n".repeat(20_000)
        + "--o\r\nContent-Type: message/rfc822\r\n\r\n"
        + "Subject: inner\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n--i\r\n\r\nplain\r\n--i\r\n"
        + "Content-Type: text/html\r\n\r\n<p>html</p>\r\n--i--\r\n--o--\r\nepilogue\r\n";
    all.add(big.getBytes(StandardCharsets.US_ASCII));
    all.add("Subject: bare\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n"
        .getBytes(StandardCharsets.US_ASCII));
    all.add("no header at all, no empty line".getBytes(StandardCharsets.US_ASCII));
    return all;
  }

  private static MessageSummary stored(byte[] message) {
    byte[] full = new byte[TRACE.length + message.length];
    System.arraycopy(TRACE, 0, full, 0, TRACE.length);
    System.arraycopy(message, 0, full, TRACE.length, message.length);
    return MessageParser.summarize(full);
  }

  private MimePart modelTree(byte[] message, int memoryLimit, int piece) throws IOException {
    try (MessageBuffer b = new MessageBuffer(temp, memoryLimit, new MemoryBudget(64L << 20))) {
      for (int i = 0; i < message.length; i += piece) {
        b.write(message, i, Math.min(piece, message.length - i));
      }
      if (!b.inMemory()) {
        try (Stream<Path> files = Files.list(temp)) {
          for (Path p : files.toList()) {
            Files.delete(p); // nothing can be read back from the spool
          }
        }
      }
      return b.finish().mime();
    }
  }

  @Test
  void inMemoryAndSpooledTreesSummarizeAsTheStoredCopy() throws IOException {
    int checked = 0;
    for (byte[] m : corpus()) {
      MessageSummary expected = stored(m);
      for (int memoryLimit : new int[] {64 * 1024 * 1024, 64}) {
        for (int piece : new int[] {1, 77, 16 * 1024}) {
          if (piece == 1 && m.length > 50_000) {
            continue;
          }
          MimePart tree = modelTree(m, memoryLimit, piece);
          assertThat(MessageParser.summarize(tree.withPrefix(TRACE)))
              .as("message %d, memory limit %d, pieces of %d", checked, memoryLimit, piece).isEqualTo(expected);
        }
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(25);
  }

  @Test
  void nestedOffsetsMoveWithTheFieldsInFront() throws IOException {
    byte[] m = corpus().get(corpus().size() - 3);
    MimePart tree = modelTree(m, 64, 4096).withPrefix(TRACE);
    MimePart reparsed = io.mailcove.mime.MimeParser.parse(concat(TRACE, m));
    MimePart inner = tree.children().get(1).message().children().get(1);
    MimePart expected = reparsed.children().get(1).message().children().get(1);
    assertThat(inner.start()).isEqualTo(expected.start());
    assertThat(inner.bodyStart()).isEqualTo(expected.bodyStart());
    assertThat(inner.end()).isEqualTo(expected.end());
    assertThat(inner.bodyLines()).isEqualTo(expected.bodyLines());
    assertThat(tree.header().get("Return-Path")).isEqualTo("<s@example.test>");
    assertThat(tree.header().get("Subject")).isEqualTo("nested");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
