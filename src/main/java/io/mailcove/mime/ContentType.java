package io.mailcove.mime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Content-Type or Content-Disposition value (RFC 2045 §5.1, RFC 2183): type, subtype and parameters.
 * Lenient: comments are skipped, stray semicolons ignored, an invalid value yields null from {@link #parse}.
 * RFC 2231 continuations ({@code name*0}, {@code name*1*}) are joined; an extended value keeps the key
 * {@code name*} and its {@code charset'lang'pct-encoded} text, as IMAP servers commonly report it.
 */
public record ContentType(String type, String subtype, Map<String, String> params) {
  public static final ContentType TEXT_PLAIN = new ContentType("text", "plain", Map.of("charset", "us-ascii"));
  public static final ContentType MESSAGE_RFC822 = new ContentType("message", "rfc822", Map.of());

  public boolean is(String t, String s) {
    return type.equalsIgnoreCase(t) && (s == null || subtype.equalsIgnoreCase(s));
  }

  public boolean isMultipart() {
    return type.equalsIgnoreCase("multipart");
  }

  public boolean isText() {
    return type.equalsIgnoreCase("text");
  }

  /** message/rfc822 and message/global (RFC 6532) encapsulate a whole message. */
  public boolean isMessage() {
    return type.equalsIgnoreCase("message")
        && (subtype.equalsIgnoreCase("rfc822") || subtype.equalsIgnoreCase("global"));
  }

  public String param(String name) {
    return params.get(name.toLowerCase(Locale.ROOT));
  }

  /** Parses "type/subtype; a=b"; null when the value has no valid type/subtype. */
  public static ContentType parse(String value) {
    if (value == null) {
      return null;
    }
    Tokenizer t = new Tokenizer(value);
    String type = t.token();
    if (type == null || !t.skip('/')) {
      return null;
    }
    String subtype = t.token();
    if (subtype == null) {
      return null;
    }
    return new ContentType(type, subtype, parseParams(t));
  }

  /** Parses a disposition "attachment; filename=x": the type is in {@link #type}, subtype is "". */
  public static ContentType parseDisposition(String value) {
    if (value == null) {
      return null;
    }
    Tokenizer t = new Tokenizer(value);
    String type = t.token();
    if (type == null) {
      return null;
    }
    return new ContentType(type, "", parseParams(t));
  }

  private static Map<String, String> parseParams(Tokenizer t) {
    Map<String, String> raw = new LinkedHashMap<>();
    while (t.more()) {
      if (!t.skip(';')) {
        if (!t.skipJunk()) {
          break;
        }
        continue;
      }
      String name = t.token();
      if (name == null) {
        continue;
      }
      if (!t.skip('=')) {
        continue;
      }
      String v = t.value();
      if (v == null) {
        v = "";
      }
      raw.putIfAbsent(name.toLowerCase(Locale.ROOT), v);
    }
    return joinRfc2231(raw);
  }

  /** RFC 2231 §3-4: name*0, name*1 ... joined in order; an encoded section makes the result "name*". */
  private static Map<String, String> joinRfc2231(Map<String, String> raw) {
    boolean any = false;
    for (String k : raw.keySet()) {
      if (k.indexOf('*') >= 0) {
        any = true;
        break;
      }
    }
    if (!any) {
      return raw;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String k = e.getKey();
      int star = k.indexOf('*');
      if (star < 0) {
        out.putIfAbsent(k, e.getValue());
        continue;
      }
      String base = k.substring(0, star);
      if (out.containsKey(base) || out.containsKey(base + "*")) {
        continue; // already joined
      }
      if (k.equals(base + "*")) {
        out.put(base + "*", e.getValue());
        continue;
      }
      StringBuilder joined = new StringBuilder();
      boolean encoded = false;
      for (int i = 0; i < 1000; i++) {
        String plain = raw.get(base + "*" + i);
        String enc = raw.get(base + "*" + i + "*");
        if (plain == null && enc == null) {
          break;
        }
        if (enc != null) {
          encoded = true;
          joined.append(enc);
        } else {
          if (encoded) {
            // a plain section after encoded ones: percent-encode what would be read as escapes
            joined.append(plain.replace("%", "%25"));
          } else {
            joined.append(plain);
          }
        }
      }
      if (joined.isEmpty() && raw.containsKey(k)) {
        joined.append(raw.get(k));
      }
      out.put(encoded ? base + "*" : base, joined.toString());
    }
    return out;
  }

  /** RFC 2045 §5.1 token / quoted-string scanner with comment skipping. */
  static final class Tokenizer {
    private final String s;
    private int pos;

    Tokenizer(String s) {
      this.s = s;
    }

    boolean more() {
      skipCfws();
      return pos < s.length();
    }

    boolean skip(char c) {
      skipCfws();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    /** Skips one unexpected character; false at the end. */
    boolean skipJunk() {
      skipCfws();
      if (pos < s.length()) {
        pos++;
        return true;
      }
      return false;
    }

    String token() {
      skipCfws();
      int start = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      return pos > start ? s.substring(start, pos) : null;
    }

    /** token or quoted-string; lenient: an unquoted value runs up to ';' or white space. */
    String value() {
      skipCfws();
      if (pos >= s.length()) {
        return null;
      }
      if (s.charAt(pos) == '"') {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
          char c = s.charAt(pos++);
          if (c == '\\' && pos < s.length()) {
            sb.append(s.charAt(pos++));
          } else if (c == '"') {
            return sb.toString();
          } else {
            sb.append(c);
          }
        }
        return sb.toString(); // unterminated quote
      }
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ';' || c == ' ' || c == '\t' || c == '(') {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    private void skipCfws() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          pos++;
        } else if (c == '(') {
          int depth = 0;
          while (pos < s.length()) {
            char d = s.charAt(pos++);
            if (d == '\\') {
              pos++;
            } else if (d == '(') {
              depth++;
            } else if (d == ')' && --depth == 0) {
              break;
            }
          }
        } else {
          return;
        }
      }
    }

    private static boolean isTokenChar(char c) {
      return c > 0x20 && c != 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
    }
  }
}
