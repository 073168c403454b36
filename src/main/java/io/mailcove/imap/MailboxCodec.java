package io.mailcove.imap;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailbox names on the wire: modified UTF-7 (RFC 3501 §5.1.3) for IMAP4rev1 clients, UTF-8 once a client enabled
 * IMAP4rev2 or UTF8=ACCEPT (RFC 9051 §5.1, RFC 6855 §3). The store keeps names in UTF-8 with '/' as separator.
 */
final class MailboxCodec {
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private MailboxCodec() {}

  /** Decodes a name as sent: valid UTF-8 required; '&'-sequences are modified UTF-7 unless {@code utf8}. */
  static String decode(byte[] raw, boolean utf8) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw ImapException.bad("Mailbox name is not valid UTF-8");
    }
    if (utf8 || s.indexOf('&') < 0) {
      return s;
    }
    return decodeUtf7(s);
  }

  /** RFC 3501 §5.1.3: "&" base64(UTF-16BE) "-", "&-" for '&'. A broken sequence is refused. */
  static String decodeUtf7(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = s.indexOf('-', i + 1);
      if (end < 0) {
        throw ImapException.no("[CANNOT] Invalid modified UTF-7 in mailbox name");
      }
      if (end == i + 1) {
        out.append('&');
      } else {
        String b64 = s.substring(i + 1, end).replace(',', '/');
        byte[] bytes;
        try {
          bytes = B64D.decode(b64);
        } catch (IllegalArgumentException e) {
          throw ImapException.no("[CANNOT] Invalid modified UTF-7 in mailbox name");
        }
        if (bytes.length % 2 != 0 || bytes.length == 0) {
          throw ImapException.no("[CANNOT] Invalid modified UTF-7 in mailbox name");
        }
        out.append(new String(bytes, StandardCharsets.UTF_16BE));
      }
      i = end + 1;
    }
    return out.toString();
  }

  /** Encodes a stored name for the client. */
  static String encode(String name, boolean utf8) {
    if (utf8) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 8);
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c == '&') {
        out.append("&-");
        i++;
      } else if (c >= 0x20 && c <= 0x7e) {
        out.append(c);
        i++;
      } else {
        int j = i;
        while (j < name.length() && (name.charAt(j) < 0x20 || name.charAt(j) > 0x7e)) {
          j++;
        }
        byte[] utf16 = name.substring(i, j).getBytes(StandardCharsets.UTF_16BE);
        out.append('&').append(B64.encodeToString(utf16).replace('/', ',')).append('-');
        i = j;
      }
    }
    return out.toString();
  }

  /**
   * LIST pattern matching (RFC 9051 §6.3.9): '*' matches anything, '%' anything but the separator. Case-sensitive,
   * except that the INBOX prefix matches in any case.
   */
  static boolean matches(String pattern, String name) {
    return ListPattern.compile(pattern).matches(name);
  }

  /** Upper-cases an "inbox" first level in a pattern or name so INBOX matches in any case. */
  static String canonicalInbox(String s) {
    if (s.length() >= 5 && s.regionMatches(true, 0, "INBOX", 0, 5) && (s.length() == 5 || s.charAt(5) == '/')) {
      return "INBOX" + s.substring(5);
    }
    return s;
  }
}
