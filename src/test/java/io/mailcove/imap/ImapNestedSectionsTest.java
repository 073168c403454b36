package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Body sections inside attached messages (RFC 9051 §6.4.5): MIME, HEADER, TEXT, HEADER.FIELDS and partial fetches
 * on parts nested in message/rfc822 parts, in multipart/digest and in multipart/alternative, compared item by item
 * with the answers Dovecot gave for the same messages (src/test/resources/imap-sections, see its README).
 */
class ImapNestedSectionsTest extends ImapTestBase {
  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}$");

  /**
   * Where Mailcove answers differently on purpose, by request item: a part that does not exist, or HEADER/TEXT of
   * a part that is not a message (RFC 9051 §6.4.5 defines them only for message/rfc822 parts), is NIL; Dovecot
   * answers an empty string. Both are valid nstrings; NIL says "nothing there", which is what it is.
   */
  private static final Map<String, Map<String, String>> DIFFERENCES = Map.of(
      "attachment-of-attachment", Map.of(
          "BODY.PEEK[9]", "BODY[9] NIL",
          "BODY.PEEK[4.3.9]", "BODY[4.3.9] NIL",
          "BODY.PEEK[4.3.9.1]", "BODY[4.3.9.1] NIL"),
      "digest", Map.of(
          "BODY.PEEK[9]", "BODY[9] NIL",
          "BODY.PEEK[2.3.9]", "BODY[2.3.9] NIL",
          "BODY.PEEK[2.3.9.1]", "BODY[2.3.9.1] NIL"),
      "rfc822-in-alternative", Map.of(
          "BODY.PEEK[9]", "BODY[9] NIL",
          "BODY.PEEK[3.2.1.9]", "BODY[3.2.1.9] NIL",
          "BODY.PEEK[3.2.1.9.1]", "BODY[3.2.1.9.1] NIL",
          // RFC 2046 §5.1.1: the CRLF before "--alt--" belongs to that delimiter, so the multipart/related part
          // ends with "--rel--"; Dovecot counts that CRLF into the part (149 octets instead of 147)
          "BODY.PEEK[3]", "BODY[3] {147}\r\n--rel\r\nContent-Type: text/html\r\n\r\n<img src=\"cid:x\">\r\n--rel\r\n"
              + "Content-Type: message/rfc822\r\nContent-ID: <x>\r\n\r\nSubject: Empty-bodied inner\r\n\r\n--rel--",
          // an encapsulated message that is all header: Dovecot's BODY[3.2] has the blank line (31 octets) but its
          // HEADER does not (29); here HEADER keeps its blank line, so HEADER + TEXT is BODY[3.2] (§6.4.5)
          "BODY.PEEK[3.2.HEADER]", "BODY[3.2.HEADER] {31}\r\nSubject: Empty-bodied inner\r\n\r\n",
          "BODY.PEEK[3.2.1.MIME]", "BODY[3.2.1.MIME] {31}\r\nSubject: Empty-bodied inner\r\n\r\n"),
      "message-body", Map.of(
          "BODY.PEEK[9]", "BODY[9] NIL",
          "BODY.PEEK[1.2.1.9]", "BODY[1.2.1.9] NIL",
          "BODY.PEEK[1.2.1.9.1]", "BODY[1.2.1.9.1] NIL"));

  @ParameterizedTest
  @ValueSource(strings = {"attachment-of-attachment", "digest", "rfc822-in-alternative", "message-body"})
  void sectionsMatchTheReferenceAnswers(String name) throws Exception {
    byte[] eml = resource(name + ".eml");
    Map<String, String> expected = expected(resource(name + ".expected"));
    assertThat(expected).hasSizeGreaterThan(30);
    Map<String, String> differences = DIFFERENCES.getOrDefault(name, Map.of());
    List<String> wrong = new ArrayList<>();
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      assertThat(c.append(box, null, new String(eml, StandardCharsets.ISO_8859_1)).ok()).isTrue();
      c.command("NOOP");
      for (Map.Entry<String, String> e : expected.entrySet()) {
        String want = "* 1 FETCH (" + differences.getOrDefault(e.getKey(), e.getValue()) + ")";
        ImapClient.Response r = c.command("FETCH 1 (" + e.getKey() + ")");
        String got = r.untagged().isEmpty() ? r.tagged() : r.untagged().get(0);
        if (!r.ok() || !got.equals(want)) {
          wrong.add(e.getKey() + "\n  want: " + want.replace("\r\n", "\\r\\n") + "\n  got:  "
              + got.replace("\r\n", "\\r\\n"));
        }
      }
    }
    assertThat(wrong).as(name).isEmpty();
  }

  private static byte[] resource(String file) throws IOException {
    try (InputStream in = ImapNestedSectionsTest.class.getResourceAsStream("/imap-sections/" + file)) {
      if (in == null) {
        throw new IOException("missing resource " + file);
      }
      return in.readAllBytes();
    }
  }

  /** Request item → answer item (a literal's bytes inlined after CRLF, as {@link ImapClient} reads them). */
  private static Map<String, String> expected(byte[] file) {
    String text = new String(file, StandardCharsets.ISO_8859_1);
    Map<String, String> out = new LinkedHashMap<>();
    int pos = 0;
    while (pos < text.length()) {
      int eol = text.indexOf("\r\n", pos);
      String request = text.substring(pos, eol);
      int eol2 = text.indexOf("\r\n", eol + 2);
      String head = text.substring(eol + 2, eol2);
      pos = eol2 + 2;
      Matcher m = LITERAL.matcher(head);
      if (m.find()) {
        int n = Integer.parseInt(m.group(1));
        head = head + "\r\n" + text.substring(pos, pos + n);
        pos += n + 2;
      }
      out.put(request, head);
    }
    return out;
  }
}
