package io.mailcove.admin;

/** What a new password must be: at least {@code minLength} characters, and not the address or its local part. */
public record PasswordPolicy(int minLength) {
  /** Why a password is refused. */
  public enum Problem {
    /** Fewer than {@code minLength} characters. */
    TOO_SHORT,
    /** The address itself or its local part. */
    IS_ADDRESS
  }

  /** Refuses (INVALID) a password that breaks the policy. */
  public void check(char[] password, String address) {
    Problem problem = problem(password, address);
    if (problem == Problem.TOO_SHORT) {
      String p = new String(password);
      throw AdminException.invalid("password too weak: " + p.codePointCount(0, p.length())
          + " characters, at least " + minLength + " required ([auth] min_password_length)");
    }
    if (problem == Problem.IS_ADDRESS) {
      throw AdminException.invalid("password too weak: it must not be the address itself");
    }
  }

  /** What is wrong with {@code password} for {@code address}, or null when the policy accepts it. */
  public Problem problem(char[] password, String address) {
    String p = new String(password);
    if (p.codePointCount(0, p.length()) < minLength) {
      return Problem.TOO_SHORT;
    }
    String local = address.contains("@") ? address.substring(0, address.lastIndexOf('@')) : address;
    if (p.equalsIgnoreCase(address) || p.equalsIgnoreCase(local)) {
      return Problem.IS_ADDRESS;
    }
    return null;
  }
}
