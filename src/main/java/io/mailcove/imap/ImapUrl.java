package io.mailcove.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An IMAP URL naming a message or a part of one (RFC 5092, what CATENATE's URL parts are, RFC 4469): the
 * absolute form {@code imap://user@host/mailbox;UIDVALIDITY=v/;UID=u/;SECTION=s/;PARTIAL=o.n}, the path form
 * {@code /mailbox;UIDVALIDITY=v/;UID=u...} relative to the session's server and user, and {@code ;UID=u...} relative
 * to the selected mailbox. A URL of another user, or one that asks for URLAUTH, is refused: CATENATE only ever reads
 * the logged-in account's own mailboxes. Parsing refuses with {@link Invalid}, answered as {@code NO [BADURL]}.
 *
 * @param mailbox       the mailbox name, or null for the selected mailbox
 * @param uidValidity   the UIDVALIDITY the URL requires, or 0 for any
 * @param section       the section, or null for the whole message
 * @param partialOffset the first byte of the range, or -1 for no range
 * @param partialLength the length of the range, or -1 to the end
 */
record ImapUrl(String mailbox, long uidValidity, long uid, Section section, long partialOffset, long partialLength) {
  /** Why a URL names nothing this session may read. */
  static final class Invalid extends Exception {
    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Parses {@code url} for a session logged in as {@code user}. */
  static ImapUrl parse(String url, String user) throws Invalid {
    String path = url;
    if (url.regionMatches(true, 0, "imap://", 0, 7)) {
      int slash = url.indexOf('/', 7);
      String authority = slash < 0 ? url.substring(7) : url.substring(7, slash);
      int at = authority.lastIndexOf('@');
      if (at < 0) {
        throw new Invalid("anonymous access is not offered; name the user");
      }
      String userinfo = authority.substring(0, at);
      int semicolon = userinfo.indexOf(';');
      String who = decode(semicolon < 0 ? userinfo : userinfo.substring(0, semicolon));
      if (!who.equalsIgnoreCase(user)) {
        throw new Invalid("the URL names another user");
      }
      if (slash < 0 || slash == url.length() - 1) {
        throw new Invalid("the URL names no message");
      }
      path = url.substring(slash);
    }
    String mailbox = null;
    String rest;
    if (path.startsWith("/")) {
      int semicolon = path.indexOf(';');
      if (semicolon < 0) {
        throw new Invalid("the URL names no message");
      }
      String encoded = path.substring(1, semicolon);
      if (encoded.endsWith("/")) {
        encoded = encoded.substring(0, encoded.length() - 1);
      }
      if (encoded.isEmpty()) {
        throw new Invalid("the URL names no mailbox");
      }
      mailbox = MailboxCodec.canonicalInbox(decode(encoded));
      rest = path.substring(semicolon);
    } else if (path.startsWith(";")) {
      rest = path;
    } else {
      throw new Invalid("not an IMAP URL");
    }
    long uidValidity = 0;
    long uid = 0;
    Section section = null;
    long offset = -1;
    long length = -1;
    for (String piece : rest.substring(1).split(";", -1)) {
      String item = piece.endsWith("/") ? piece.substring(0, piece.length() - 1) : piece;
      int eq = item.indexOf('=');
      if (eq < 0) {
        throw new Invalid("unknown URL part " + item);
      }
      String key = item.substring(0, eq).toUpperCase(Locale.ROOT);
      String value = item.substring(eq + 1);
      switch (key) {
        case "UIDVALIDITY" -> uidValidity = once(uidValidity, nzNumber(value));
        case "UID" -> uid = once(uid, nzNumber(value));
        case "SECTION" -> {
          if (section != null) {
            throw new Invalid("SECTION twice");
          }
          section = section(decode(value));
        }
        case "PARTIAL" -> {
          if (offset >= 0) {
            throw new Invalid("PARTIAL twice");
          }
          int dot = value.indexOf('.');
          offset = number(dot < 0 ? value : value.substring(0, dot));
          length = dot < 0 ? -1 : nzNumber(value.substring(dot + 1));
        }
        case "URLAUTH", "EXPIRE" -> throw new Invalid("URLAUTH is not offered");
        default -> throw new Invalid("unknown URL part " + key);
      }
    }
    if (uid == 0) {
      throw new Invalid("the URL names no message (no UID)");
    }
    return new ImapUrl(mailbox, uidValidity, uid, section, offset, length);
  }

  private static long once(long current, long value) throws Invalid {
    if (current != 0) {
      throw new Invalid("a URL part given twice");
    }
    return value;
  }

  private static Section section(String spec) throws Invalid {
    try {
      ImapParser p = ImapParser.of("[" + spec + "]");
      Section s = Section.parse(p, false);
      p.end();
      return s;
    } catch (ImapException e) {
      throw new Invalid("invalid SECTION " + spec);
    }
  }

  private static long number(String digits) throws Invalid {
    if (digits.isEmpty() || digits.length() > 10) {
      throw new Invalid("invalid number " + digits);
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new Invalid("invalid number " + digits);
      }
      v = v * 10 + (c - '0');
    }
    if (v > 0xFFFF_FFFFL) {
      throw new Invalid("number too large " + digits);
    }
    return v;
  }

  private static long nzNumber(String digits) throws Invalid {
    long v = number(digits);
    if (v == 0) {
      throw new Invalid("zero is not allowed here");
    }
    return v;
  }

  /** Percent-decoding (RFC 3986 §2.1) of UTF-8 text (RFC 5092). */
  static String decode(String s) throws Invalid {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= s.length()) {
        throw new Invalid("invalid %-escape");
      }
      int hi = Character.digit(s.charAt(i + 1), 16);
      int lo = Character.digit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw new Invalid("invalid %-escape");
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The URL as a BADURL response code may carry it (RFC 4469 url-resp-text: no ']', no CR or LF). */
  static String respText(String url) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < url.length() && sb.length() < 300; i++) {
      char c = url.charAt(i);
      sb.append(c <= 0x20 || c >= 0x7f || c == ']' ? '?' : c);
    }
    return sb.isEmpty() ? "?" : sb.toString();
  }
}
