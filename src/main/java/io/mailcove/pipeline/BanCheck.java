package io.mailcove.pipeline;

import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Connect: an address banned after repeated failed logins (see {@code auth.AuthService}) is refused with 421 before
 * anything else (RFC 5321 §3.1). The listener screens implicit-TLS ports before the handshake already.
 */
final class BanCheck implements Check {
  private final Predicate<InetAddress> banned;

  BanCheck(Predicate<InetAddress> banned) {
    this.banned = banned;
  }

  @Override
  public Verdict connect(Client client) {
    return banned.test(client.ip()) ? Verdict.refuse(Refusals.BANNED) : Verdict.ACCEPT;
  }
}
