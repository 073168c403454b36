package io.mailcove.srs;

/**
 * The parts of an address in the Sender Rewriting Scheme (Shevek, "Sender Rewriting Scheme", 2004; the format of
 * libsrs2 and postsrsd), read without checking its hash or age:
 * <ul>
 *   <li>{@code SRS0=HHHH=TT=domain=local@forwarder}: a forwarder rewrote {@code local@domain} on day {@code TT};</li>
 *   <li>{@code SRS1=HHHH=first-forwarder==HHHH=TT=domain=local@forwarder}: a second forwarder rewrote the SRS0
 *       address of {@code first-forwarder}; its hash covers {@code first-forwarder} and the SRS0 rest.</li>
 * </ul>
 * The tag is case-insensitive and may be followed by {@code =}, {@code +} or {@code -}; the inner separator is
 * always {@code =}. The original local part may itself contain {@code =}.
 *
 * @param tag       0 or 1
 * @param hash      the hash as given (compared case-insensitively)
 * @param timestamp SRS0: the two base32 characters of the day; SRS1: null
 * @param host      SRS0: the original domain; SRS1: the first forwarder's domain
 * @param user      SRS0: the original local part; SRS1: the SRS0 rest, starting with its separator ({@code =HHHH=TT=...})
 * @param domain    the domain of this address (the forwarder that made it)
 */
public record SrsAddress(int tag, String hash, String timestamp, String host, String user, String domain) {
  /** Separators allowed right after the tag (libsrs2's {@code srs_separators}). */
  static final String TAG_SEPARATORS = "=+-";
  static final char SEP = '=';

  /** Whether the local part of {@code address} starts like an SRS address ({@code SRS0=} or {@code SRS1=}). */
  public static boolean looksLikeSrs(String address) {
    return address != null && address.length() > 5 && (address.regionMatches(true, 0, "SRS0", 0, 4)
        || address.regionMatches(true, 0, "SRS1", 0, 4)) && TAG_SEPARATORS.indexOf(address.charAt(4)) >= 0;
  }

  /** The parts of {@code address}, or null when it is not a well-formed SRS0 or SRS1 address. */
  public static SrsAddress parse(String address) {
    if (!looksLikeSrs(address)) {
      return null;
    }
    int at = address.lastIndexOf('@');
    if (at < 0 || at == address.length() - 1) {
      return null;
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    int tag = local.charAt(3) - '0';
    String rest = local.substring(5);
    int hashEnd = rest.indexOf(SEP);
    if (hashEnd <= 0) {
      return null;
    }
    String hash = rest.substring(0, hashEnd);
    rest = rest.substring(hashEnd + 1);
    if (tag == 1) {
      int hostEnd = rest.indexOf(SEP);
      if (hostEnd <= 0 || hostEnd == rest.length() - 1) {
        return null;
      }
      String user = rest.substring(hostEnd + 1);
      if (user.length() < 2 || user.charAt(0) != SEP) {
        return null; // the SRS0 rest keeps its own separator: "first-forwarder==HHHH=TT=..."
      }
      return new SrsAddress(1, hash, null, rest.substring(0, hostEnd), user, domain);
    }
    int stampEnd = rest.indexOf(SEP);
    if (stampEnd <= 0) {
      return null;
    }
    String stamp = rest.substring(0, stampEnd);
    rest = rest.substring(stampEnd + 1);
    int hostEnd = rest.indexOf(SEP);
    if (hostEnd <= 0 || hostEnd == rest.length() - 1) {
      return null;
    }
    return new SrsAddress(0, hash, stamp, rest.substring(0, hostEnd), rest.substring(hostEnd + 1), domain);
  }
}
