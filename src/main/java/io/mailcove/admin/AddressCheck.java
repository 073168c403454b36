package io.mailcove.admin;

/** Whether an address may be signed up for, and if not, why (the sign-up form shows it as the user types). */
public enum AddressCheck {
  OK,
  /** The local part breaks the username rules ({@link SignupAdmin#USERNAME_RULES}). */
  INVALID,
  /** A role address kept for the administrator (postmaster, abuse, ...: RFC 2142). */
  RESERVED,
  /** The domain is not one of ours open for sign-up. */
  DOMAIN_CLOSED,
  /** An account, an alias or a waiting sign-up has the address already. */
  TAKEN
}
