package io.mailcove.admin;

/** What a new password must be: at least {@code minLength} characters, and not the address or its local part. */
public record PasswordPolicy(int minLength) {
  /** Refuses (INVALID) a password that breaks the policy. */
  public void check(char[] password, String address) {
    String p = new String(password);
    int length = p.codePointCount(0, p.length());
    if (length < minLength) {
      throw AdminException.invalid("password too weak: " + length + " characters, at least " + minLength
          + " required ([auth] min_password_length)");
    }
    String local = address.contains("@") ? address.substring(0, address.lastIndexOf('@')) : address;
    if (p.equalsIgnoreCase(address) || p.equalsIgnoreCase(local)) {
      throw AdminException.invalid("password too weak: it must not be the address itself");
    }
  }
}
