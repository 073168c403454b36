package io.mailcove.smtp;

import io.mailcove.pipeline.MailPath;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the argument of MAIL FROM and RCPT TO: a path in angle brackets followed by ESMTP parameters
 * (RFC 5321 §4.1.2 and §4.1.1.11). Strict about what could be used to sneak a relay through: a path must be
 * in angle brackets, a domain is a domain or an address literal and nothing else ({@code user@local@remote} is a
 * syntax error), and a source route is reported so the caller can refuse it.
 */
public final class PathParser {
  /** The parsed argument; {@code parameters} keys are upper case, a value is null for a keyword without "=". */
  public record Parsed(MailPath path, Map<String, String> parameters) {}

  /** A syntax error with the reply text to give. */
  public static final class SyntaxException extends Exception {
    public SyntaxException(String message) {
      super(message, null, false, false);
    }
  }

  private PathParser() {}

  /**
   * Parses {@code text}, the part after "FROM:" or "TO:". {@code allowNull}: the null path {@code <>} is allowed
   * (reverse-path only).
   */
  public static Parsed parse(String text, boolean allowNull) throws SyntaxException {
    int i = 0;
    int n = text.length();
    while (i < n && text.charAt(i) == ' ') { // tolerated: "MAIL FROM: <a@b>" is a common client error
      i++;
    }
    if (i >= n || text.charAt(i) != '<') {
      throw new SyntaxException("path must be in angle brackets, e.g. <user@example.com>");
    }
    i++;
    boolean route = false;
    if (i < n && text.charAt(i) == '@') {
      // RFC 5321 §4.1.2 A-d-l: "@a,@b:" — skip to the colon that ends it
      int colon = text.indexOf(':', i);
      if (colon < 0) {
        throw new SyntaxException("unterminated source route");
      }
      for (int k = i; k < colon; k++) {
        char c = text.charAt(k);
        if (c == '>' || c == '<' || c == ' ' || c == '"') {
          throw new SyntaxException("invalid source route");
        }
      }
      route = true;
      i = colon + 1;
    }
    StringBuilder local = new StringBuilder();
    if (i < n && text.charAt(i) == '"') {
      // Quoted-string: DQUOTE *QcontentSMTP DQUOTE, with backslash pairs (RFC 5321 §4.1.2)
      local.append('"');
      i++;
      boolean closed = false;
      while (i < n) {
        char c = text.charAt(i++);
        if (c == '\\') {
          if (i >= n) {
            break;
          }
          local.append(c).append(text.charAt(i++));
        } else if (c == '"') {
          local.append(c);
          closed = true;
          break;
        } else if (c < ' ' || c == 0x7f) {
          throw new SyntaxException("control character in quoted local part");
        } else {
          local.append(c);
        }
      }
      if (!closed) {
        throw new SyntaxException("unterminated quoted local part");
      }
    } else {
      while (i < n) {
        char c = text.charAt(i);
        if (c == '@' || c == '>' || c == ' ' || c == '<' || c == '"' || c < ' ' || c == 0x7f) {
          break;
        }
        local.append(c);
        i++;
      }
    }
    String domain = "";
    if (i < n && text.charAt(i) == '@') {
      i++;
      int start = i;
      if (i < n && text.charAt(i) == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw new SyntaxException("unterminated address literal");
        }
        i = close + 1;
      } else {
        while (i < n) {
          char c = text.charAt(i);
          if (c == '>') {
            break;
          }
          if (c == '@' || c == ' ' || c == '<' || c == '"' || c == ',' || c == ':' || c == '%' || c == '!'
              || c == '\\' || c < ' ' || c == 0x7f) {
            throw new SyntaxException("invalid character '" + printable(c) + "' in domain");
          }
          i++;
        }
      }
      domain = text.substring(start, i);
      if (domain.isEmpty()) {
        throw new SyntaxException("empty domain");
      }
    }
    if (i >= n || text.charAt(i) != '>') {
      throw new SyntaxException("path must end with '>'");
    }
    i++;
    MailPath path = new MailPath(local.toString(), domain, route);
    if (path.isNull()) {
      if (route) {
        throw new SyntaxException("source route without a mailbox");
      }
      if (!allowNull) {
        throw new SyntaxException("the null path <> is not a recipient");
      }
    } else if (domain.isEmpty() && !path.isBarePostmaster()) {
      throw new SyntaxException("address needs a domain, e.g. <user@example.com>");
    } else if (local.isEmpty()) {
      throw new SyntaxException("address needs a local part");
    }
    return new Parsed(path, parameters(text.substring(i)));
  }

  /** RFC 5321 §4.1.1.11: esmtp-keyword ["=" esmtp-value], separated by spaces. */
  static Map<String, String> parameters(String text) throws SyntaxException {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    if (text.charAt(0) != ' ') {
      throw new SyntaxException("a space must separate the path from its parameters");
    }
    for (String part : text.trim().split(" +")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String key = (eq < 0 ? part : part.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? null : part.substring(eq + 1);
      if (key.isEmpty() || !key.matches("[A-Z0-9][A-Z0-9-]*")) {
        throw new SyntaxException("invalid parameter " + part);
      }
      if (value != null && (value.isEmpty() || value.chars().anyMatch(c -> c < 33 || c == '=' || c == 127))) {
        throw new SyntaxException("invalid value of parameter " + key);
      }
      if (out.containsKey(key)) {
        throw new SyntaxException("parameter " + key + " given twice");
      }
      out.put(key, value);
    }
    return out;
  }

  private static String printable(char c) {
    return c < ' ' || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }
}
