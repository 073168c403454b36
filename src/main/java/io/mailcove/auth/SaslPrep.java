package io.mailcove.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the preparation of user names and passwords that SCRAM asks for (RFC 5802 §2.2), with the
 * JDK's Unicode tables in place of stringprep's Unicode 3.2 ones. Used on the password when SCRAM keys are derived.
 */
final class SaslPrep {
  private SaslPrep() {}

  /**
   * The prepared string, or null when it holds a prohibited character (RFC 4013 §2.3) or breaks the bidirectional
   * rules (§2.4). Unassigned code points are refused: the result is stored (RFC 3454 §7).
   */
  static String prepare(String s) {
    StringBuilder mapped = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (nonAsciiSpace(cp)) {
        mapped.append(' '); // §2.1: non-ASCII space characters map to SPACE
      } else if (!mappedToNothing(cp)) {
        mapped.appendCodePoint(cp);
      }
    });
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC); // §2.2
    boolean randAl = false;
    boolean l = false;
    for (int i = 0; i < normalized.length(); ) {
      int cp = normalized.codePointAt(i);
      i += Character.charCount(cp);
      if (prohibited(cp)) {
        return null;
      }
      byte d = Character.getDirectionality(cp);
      randAl |= d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
      l |= d == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
    }
    if (randAl && (l || !rightToLeft(normalized.codePointAt(0))
        || !rightToLeft(normalized.codePointBefore(normalized.length())))) {
      return null; // RFC 3454 §6
    }
    return normalized;
  }

  /** RFC 3454 table C.1.2. */
  private static boolean nonAsciiSpace(int cp) {
    return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
  }

  /** RFC 3454 table B.1. */
  private static boolean mappedToNothing(int cp) {
    return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
        || (cp >= 0x200C && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
  }

  /** RFC 4013 §2.3: tables C.1.2, C.2.1–C.9 and, for stored strings, A.1 (unassigned). */
  private static boolean prohibited(int cp) {
    int type = Character.getType(cp);
    return nonAsciiSpace(cp) || type == Character.CONTROL || type == Character.PRIVATE_USE
        || type == Character.SURROGATE || type == Character.UNASSIGNED || (cp & 0xFFFE) == 0xFFFE
        || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp >= 0xFFF9 && cp <= 0xFFFD) || (cp >= 0x2FF0 && cp <= 0x2FFB)
        || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x206A && cp <= 0x206F) || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)
        || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E || (cp >= 0x2028 && cp <= 0x2029)
        || (cp >= 0x1D173 && cp <= 0x1D17A);
  }

  private static boolean rightToLeft(int cp) {
    byte d = Character.getDirectionality(cp);
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }
}
