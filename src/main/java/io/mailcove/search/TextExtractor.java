package io.mailcove.search;

import io.mailcove.mime.MessageParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Streams a message through mime4j and collects what SEARCH looks at: the header fields of every entity
 * ("name: decoded value", RFC 2047 decoded) and the decoded text of its text parts (base64/quoted-printable undone,
 * charset applied, HTML stripped). Each is capped, so a huge message costs bounded memory; attachments are skipped
 * without being buffered. Never throws on malformed MIME: what was read so far is kept.
 */
final class TextExtractor {
  static final int MAX_BODY_CHARS = 1024 * 1024;
  static final int MAX_HEADER_CHARS = 256 * 1024;

  /** Normalized header text and body text, segments each followed by {@link SearchText#SEPARATOR}. */
  record Extracted(String headers, String body) {}

  private TextExtractor() {}

  static Extracted extract(InputStream message) throws IOException {
    MimeConfig config = new MimeConfig.Builder()
        .setMaxLineLen(-1)
        .setMaxHeaderLen(-1)
        .setMaxHeaderCount(-1)
        .setMaxContentLen(-1)
        .setStrictParsing(false)
        .build();
    MimeStreamParser parser = new MimeStreamParser(config);
    parser.setContentDecoding(true);
    Collector collector = new Collector();
    parser.setContentHandler(collector);
    try {
      parser.parse(message);
    } catch (MimeException | RuntimeException e) {
      // malformed beyond what the parser tolerates: index what was collected
    }
    return new Extracted(collector.headers.toString(), collector.body.toString());
  }

  private static final class Collector extends AbstractContentHandler {
    final StringBuilder headers = new StringBuilder();
    final StringBuilder body = new StringBuilder();

    @Override
    public void field(Field field) {
      if (headers.length() >= MAX_HEADER_CHARS) {
        return;
      }
      String value;
      try {
        value = field.getBody();
      } catch (RuntimeException e) {
        return;
      }
      headers.append(SearchText.normalize(field.getName() + ": " + MessageParser.decode(value == null ? "" : value)))
          .append(SearchText.SEPARATOR);
      if (headers.length() > MAX_HEADER_CHARS) {
        headers.setLength(MAX_HEADER_CHARS);
      }
    }

    @Override
    public void body(BodyDescriptor bd, InputStream is) throws IOException {
      String type = bd.getMimeType() == null ? "text/plain" : bd.getMimeType().toLowerCase(Locale.ROOT);
      if (!type.startsWith("text/") || body.length() >= MAX_BODY_CHARS) {
        return; // the parser skips the rest of this part
      }
      boolean html = type.equals("text/html");
      int budget = MAX_BODY_CHARS - body.length();
      // HTML markup is removed afterwards, so read more of it
      String text = read(is, charset(bd.getCharset()), html ? budget * 2 : budget);
      if (html) {
        text = HtmlText.strip(text);
      }
      String normal = SearchText.normalize(text);
      body.append(normal, 0, Math.min(normal.length(), budget)).append(SearchText.SEPARATOR);
    }
  }

  private static String read(InputStream in, Charset charset, int maxChars) throws IOException {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    Reader reader = new InputStreamReader(in, decoder);
    StringBuilder sb = new StringBuilder(Math.min(maxChars, 8192));
    char[] buf = new char[8192];
    int n;
    while (sb.length() < maxChars && (n = reader.read(buf, 0, Math.min(buf.length, maxChars - sb.length()))) > 0) {
      sb.append(buf, 0, n);
    }
    return sb.toString();
  }

  /** The part's charset; unknown or missing names fall back to UTF-8 (RFC 6532 era mail) as readers do. */
  private static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("us-ascii") || n.equals("ascii")) {
      return StandardCharsets.UTF_8; // a superset, and mislabeled 8-bit text is usually UTF-8
    }
    try {
      return Charset.forName(n);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
