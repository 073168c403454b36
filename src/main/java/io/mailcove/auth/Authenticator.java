package io.mailcove.auth;

import io.mailcove.store.Account;
import java.net.InetAddress;

/**
 * Password authentication shared by SMTP, IMAP, POP3 and the web. Counts failures per IP and per account; past the
 * configured threshold the IP is banned for a while (persisted in the store, so a ban survives a restart). An
 * account with two-factor login on logs in to the mail protocols with its app passwords only, and to the web with
 * its password and a second factor.
 */
public interface Authenticator {
  /** The {@code protocol} of web logins: the account's password only, then a second factor if it has one on. */
  String WEB = "web";

  /**
   * Checks {@code username} (an address, any case, Unicode or punycode domain) and {@code password}: the account's
   * password or, except on the web, one of its app passwords. {@code protocol} ("smtp", "imap", "pop3",
   * {@link #WEB}) is for the log and the rules above.
   */
  AuthResult authenticate(String username, char[] password, InetAddress remote, String protocol);

  /**
   * The second step of a web login that answered {@code SECOND_FACTOR_REQUIRED}: a TOTP code or a recovery code.
   * A wrong one counts toward the bans as a wrong password does.
   */
  AuthResult verifySecondFactor(Account account, String code, InetAddress remote);

  /**
   * The SCRAM-SHA-256 keys of {@code username} for {@link ScramExchange}: the account's own and its app passwords',
   * or, for an unknown user or an account without keys yet, a salt that stays the same for the same name and no key
   * (so the answer does not tell which accounts exist).
   */
  ScramKeys scramKeys(String username);

  /**
   * The outcome of a SCRAM exchange whose proof (and channel binding) {@link ScramExchange} checked: a failure is
   * counted toward the bans as a wrong password is.
   */
  AuthResult completeScram(String username, ScramKeys.Proof proof, InetAddress remote, String protocol);

  /**
   * Counts a failed proof that is not a login (a wrong password or code when an account confirms a sensitive
   * change) toward the same bans; the answer is BANNED when the address is banned now, else FAILED.
   */
  AuthResult recordFailure(String address, InetAddress remote, String protocol);

  /** True when connections from this address must be refused now ({@code 421 4.7.0} in SMTP). */
  boolean isBanned(InetAddress remote);
}
