package io.mailcove.auth;

import java.net.InetAddress;

/**
 * Password authentication shared by SMTP, IMAP and POP3. Counts failures per IP and per account; past the
 * configured threshold the IP is banned for a while (persisted in the store, so a ban survives a restart).
 */
public interface Authenticator {
  /**
   * Checks {@code username} (an address, any case, Unicode or punycode domain) and {@code password}.
   * {@code protocol} ("smtp", "imap", "pop3") is for the log.
   */
  AuthResult authenticate(String username, char[] password, InetAddress remote, String protocol);

  /**
   * The SCRAM-SHA-256 keys of {@code username} for {@link ScramExchange}: the account's own, or, for an unknown user
   * or an account without keys yet, keys that no proof matches, with a salt that stays the same for the same name
   * (so the answer does not tell which accounts exist).
   */
  ScramCredentials scramCredentials(String username);

  /**
   * The outcome of a SCRAM exchange whose proof (and channel binding) {@link ScramExchange} checked: a failure is
   * counted toward the bans as a wrong password is.
   */
  AuthResult completeScram(String username, boolean proofValid, InetAddress remote, String protocol);

  /**
   * A failed login by another credential than a password (an unknown or revoked API token), counted toward the
   * address's ban as a wrong password is; true when the address is banned now.
   */
  boolean countFailure(InetAddress remote, String protocol);

  /** True when connections from this address must be refused now ({@code 421 4.7.0} in SMTP). */
  boolean isBanned(InetAddress remote);
}
