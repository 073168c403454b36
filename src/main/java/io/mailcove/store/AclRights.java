package io.mailcove.store;

/**
 * A set of mailbox access rights (RFC 4314 §2.1): l lookup, r read, s seen, w write, i insert, p post, k create,
 * x delete mailbox, t delete messages, e expunge, a administer. Each right is separate; the obsolete virtual rights
 * are accepted on input as c = k and d = x t e (RFC 4314 §2.1.1) and added on output by {@link #withVirtual()}.
 */
public final class AclRights {
  /** Every right, in the order they are written. */
  public static final String ALL_LETTERS = "lrswipkxtea";
  public static final AclRights NONE = new AclRights(0);
  public static final AclRights ALL = new AclRights((1 << ALL_LETTERS.length()) - 1);
  /** The identifier of every account of this server (RFC 4314 §2). */
  public static final String ANYONE = "anyone";

  private final int bits;

  private AclRights(int bits) {
    this.bits = bits;
  }

  /**
   * Parses rights letters (no '+' or '-'); null when a character is not a right, so the caller can refuse the
   * whole list (RFC 4314 §3.1: an unknown right is never silently ignored).
   */
  public static AclRights parse(String letters) {
    int bits = 0;
    for (int i = 0; i < letters.length(); i++) {
      char c = letters.charAt(i);
      switch (c) {
        case 'c' -> bits |= bit('k');
        case 'd' -> bits |= bit('x') | bit('t') | bit('e');
        default -> {
          int at = ALL_LETTERS.indexOf(c);
          if (at < 0) {
            return null;
          }
          bits |= 1 << at;
        }
      }
    }
    return new AclRights(bits);
  }

  /** The rights as stored: only letters this class wrote, so a failure to parse is a damaged row. */
  public static AclRights stored(String letters) {
    AclRights r = parse(letters);
    return r == null ? NONE : r;
  }

  private static int bit(char right) {
    return 1 << ALL_LETTERS.indexOf(right);
  }

  public boolean has(char right) {
    int at = ALL_LETTERS.indexOf(right);
    return at >= 0 && (bits & (1 << at)) != 0;
  }

  public boolean isEmpty() {
    return bits == 0;
  }

  public AclRights plus(AclRights other) {
    return new AclRights(bits | other.bits);
  }

  public AclRights minus(AclRights other) {
    return new AclRights(bits & ~other.bits);
  }

  /** The letters, in the order of {@link #ALL_LETTERS}; what is stored. */
  public String letters() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ALL_LETTERS.length(); i++) {
      if ((bits & (1 << i)) != 0) {
        sb.append(ALL_LETTERS.charAt(i));
      }
    }
    return sb.toString();
  }

  /** The letters with the virtual c (when k is set) and d (when any of x, t, e is), RFC 4314 §2.1.1. */
  public String withVirtual() {
    String s = letters();
    if (has('k')) {
      s += "c";
    }
    if (has('x') || has('t') || has('e')) {
      s += "d";
    }
    return s;
  }

  /** A valid identifier: {@code anyone} or an account address (checked against the directory by the caller). */
  public static boolean isAnyone(String identifier) {
    return ANYONE.equalsIgnoreCase(identifier);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AclRights r && r.bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }

  @Override
  public String toString() {
    return letters();
  }
}
