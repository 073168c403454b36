package io.mailcove.store;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The canonical form of mail addresses as the store keeps them: lower-case local part, lower-case ASCII domain
 * (IDN domains converted to punycode, RFC 5890). Local parts are validated as RFC 5321 §4.1.2 allows (dot-string or
 * quoted-string, with UTF-8 per RFC 6531), except that the relay tricks of old are refused outright: source routes
 * ({@code @a,@b:user@c}), {@code %} and {@code !} in the local part, and {@code @} inside a quoted local part.
 */
public final class Addresses {
  /** RFC 5321 §4.5.3.1.1. */
  public static final int MAX_LOCAL_PART_OCTETS = 64;
  /** RFC 5321 §4.5.3.1.2. */
  public static final int MAX_DOMAIN_OCTETS = 255;
  /** RFC 5321 §4.5.3.1.3 (path of 256 octets minus the angle brackets). */
  public static final int MAX_ADDRESS_OCTETS = 254;

  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  private Addresses() {}

  /** The canonical form of {@code local@domain}; throws INVALID_ADDRESS with a message fit for a user. */
  public static String canonical(String address) {
    if (address == null || address.isEmpty()) {
      throw invalid("empty address");
    }
    if (address.startsWith("@")) {
      if (address.indexOf(':') > 0) {
        throw invalid("source routes are not accepted: " + address);
      }
      throw invalid("address has no local part: " + address);
    }
    int at = address.lastIndexOf('@');
    if (at < 0) {
      throw invalid("address needs an @domain part: " + address);
    }
    String local = canonicalLocalPart(address.substring(0, at), address);
    String domain = canonicalDomain(address.substring(at + 1));
    String result = local + "@" + domain;
    if (result.getBytes(StandardCharsets.UTF_8).length > MAX_ADDRESS_OCTETS) {
      throw invalid("address is longer than " + MAX_ADDRESS_OCTETS + " octets");
    }
    return result;
  }

  /** Like {@link #canonical} but also accepts the catch-all form {@code @domain}. */
  public static String canonicalAliasSource(String source) {
    if (source != null && source.startsWith("@") && source.indexOf(':') < 0 && source.indexOf(',') < 0) {
      return "@" + canonicalDomain(source.substring(1));
    }
    return canonical(source);
  }

  /** True when {@code address} is accepted by {@link #canonical}. */
  public static boolean isValid(String address) {
    try {
      canonical(address);
      return true;
    } catch (StoreException e) {
      return false;
    }
  }

  public static boolean isCatchAll(String source) {
    return source != null && source.startsWith("@");
  }

  /** The part before the last {@code @} (empty for a catch-all). */
  public static String localPart(String address) {
    return address.substring(0, address.lastIndexOf('@'));
  }

  /** The part after the last {@code @}. */
  public static String domain(String address) {
    return address.substring(address.lastIndexOf('@') + 1);
  }

  /**
   * Sub-addressing (RFC 5233): {@code me+shop@example.com} → {@code me@example.com}. Returns the address unchanged
   * when it has no tag, the part before the tag would be empty, or the local part is quoted.
   */
  public static String stripTag(String canonicalAddress) {
    int at = canonicalAddress.lastIndexOf('@');
    if (at <= 0 || canonicalAddress.charAt(0) == '"') {
      return canonicalAddress;
    }
    int plus = canonicalAddress.indexOf('+');
    if (plus <= 0 || plus > at) {
      return canonicalAddress;
    }
    return canonicalAddress.substring(0, plus) + canonicalAddress.substring(at);
  }

  /** Lower-case ASCII form of a domain name; Unicode (IDN) labels become punycode. */
  /** Only ASCII letters, digits, dots and hyphens, no label starting or ending with a hyphen. */
  private static boolean isLdh(String domain) {
    char previous = '.';
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      boolean letterOrDigit = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      if (!letterOrDigit && c != '-' && c != '.'
          || c == '-' && previous == '.' || c == '.' && previous == '-') {
        return false;
      }
      previous = c;
    }
    return previous != '-';
  }

  public static String canonicalDomain(String domain) {
    if (domain == null || domain.isEmpty()) {
      throw invalid("empty domain");
    }
    if (domain.startsWith("[")) {
      throw invalid("address literals are not accepted: " + domain);
    }
    if (domain.endsWith(".") || domain.startsWith(".") || domain.contains("..")) {
      throw invalid("domain has an empty label: " + domain);
    }
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '@' || c == '%' || c == '!' || c == ':' || c == ',' || c == '"') {
        throw invalid("domain contains an invalid character: " + domain);
      }
    }
    String ascii;
    if (isLdh(domain)) {
      ascii = domain; // what IDN.toASCII gives for letters, digits and inner hyphens (RFC 3490 §4.1 steps 3 and 4)
    } else {
      try {
        ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        throw invalid("invalid domain " + domain + ": " + e.getMessage());
      }
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    if (ascii.isEmpty() || ascii.length() > MAX_DOMAIN_OCTETS - 2) {
      throw invalid("domain is empty or too long: " + domain);
    }
    for (String label : ascii.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        throw invalid("domain label is empty or longer than 63 characters: " + domain);
      }
    }
    return ascii;
  }

  private static String canonicalLocalPart(String local, String address) {
    if (local.isEmpty()) {
      throw invalid("address has no local part: " + address);
    }
    if (local.startsWith("@") || local.indexOf(':') >= 0 && local.indexOf('"') < 0) {
      throw invalid("source routes are not accepted: " + address);
    }
    String result;
    if (local.startsWith("\"")) {
      result = canonicalQuoted(local, address);
    } else {
      checkDotString(local, address);
      result = local.toLowerCase(Locale.ROOT);
    }
    if (result.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART_OCTETS) {
      throw invalid("local part is longer than " + MAX_LOCAL_PART_OCTETS + " octets: " + address);
    }
    return result;
  }

  private static void checkDotString(String local, String address) {
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw invalid("local part has an empty dot-separated part: " + address);
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (c == '%') {
        throw invalid("'%' relay addresses are not accepted: " + address);
      }
      if (c == '!') {
        throw invalid("'!' (UUCP) addresses are not accepted: " + address);
      }
      if (c == '@') {
        throw invalid("address has more than one @: " + address);
      }
      if (!isAtext(c) && c != '.') {
        throw invalid("local part contains an invalid character '" + printable(c) + "': " + address);
      }
    }
  }

  /** RFC 5321 quoted-string; returned unquoted when the content is a valid dot-string. */
  private static String canonicalQuoted(String local, String address) {
    if (local.length() < 2 || !local.endsWith("\"")) {
      throw invalid("unterminated quoted local part: " + address);
    }
    StringBuilder content = new StringBuilder();
    for (int i = 1; i < local.length() - 1; i++) {
      char c = local.charAt(i);
      if (c == '\\') {
        if (i + 1 >= local.length() - 1) {
          throw invalid("quoted local part ends with a backslash: " + address);
        }
        c = local.charAt(++i);
        if (c < ' ' || c == 0x7f) {
          throw invalid("quoted local part contains a control character: " + address);
        }
      } else if (c == '"') {
        throw invalid("unescaped quote inside a quoted local part: " + address);
      } else if (c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        throw invalid("quoted local part contains a control character: " + address);
      }
      if (c == '@' || c == '%' || c == '!') {
        throw invalid("'" + c + "' inside a quoted local part is not accepted: " + address);
      }
      content.append(c);
    }
    if (content.isEmpty()) {
      throw invalid("address has an empty quoted local part: " + address);
    }
    String lower = content.toString().toLowerCase(Locale.ROOT);
    if (isDotString(lower)) {
      return lower;
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }

  private static boolean isDotString(String s) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && !isAtext(c)) {
        return false;
      }
    }
    return true;
  }

  /** RFC 5322 atext, extended with non-ASCII characters (RFC 6531 §3.3) other than controls and spaces. */
  private static boolean isAtext(char c) {
    if (c < 0x80) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ATEXT_SPECIALS.indexOf(c) >= 0;
    }
    return c >= 0xa0 && !Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != 0xfeff;
  }

  private static String printable(char c) {
    return c < ' ' || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }

  private static StoreException invalid(String message) {
    return new StoreException(StoreException.Code.INVALID_ADDRESS, message);
  }
}
