package io.mailcove.admin;

import io.mailcove.store.Ban;
import io.mailcove.store.BanStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bans of client addresses: those that repeated failed logins caused, and those an administrator sets. Addresses
 * are IP literals, kept in the form the servers record them ({@link InetAddress#getHostAddress()}), so
 * {@code 2001:db8::1} and {@code 2001:db8:0:0:0:0:0:1} are the same ban. Every operation needs the admin role.
 */
public final class BanAdmin {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d"
      + "|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final BanStore bans;
  private final Guard guard;
  private final Clock clock;

  BanAdmin(BanStore bans, Guard guard, Clock clock) {
    this.bans = bans;
    this.guard = guard;
    this.clock = clock;
  }

  /** The bans in force now. */
  public List<Ban> list(Actor actor) {
    guard.requireAdmin(actor);
    return bans.bans(clock.instant());
  }

  /** Bans {@code ip} for {@code duration} (replacing a ban in force); the servers refuse its logins meanwhile. */
  public Ban add(Actor actor, String ip, Duration duration, String reason) {
    guard.requireAdmin(actor);
    String address = ip(ip);
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw AdminException.invalid("a ban needs a positive duration");
    }
    String why = reason == null || reason.isBlank() ? "banned by " + actor : reason.strip();
    if (why.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
      throw AdminException.invalid("the reason of a ban must be one line without control characters");
    }
    bans.ban(address, clock.instant().plus(duration), why);
    return bans.activeBan(address, clock.instant()).orElseThrow();
  }

  /** Lifts the ban of {@code ip} now and forgets its failed logins; NOT_FOUND when none is in force. */
  public Ban remove(Actor actor, String ip) {
    guard.requireAdmin(actor);
    String address = ip(ip);
    Ban ban = bans.activeBan(address, clock.instant())
        .orElseThrow(() -> AdminException.notFound("no ban in force for " + ip.trim()));
    bans.unban(address);
    bans.clearFailures("ip:" + address);
    return ban;
  }

  /** The canonical text of an IP literal; INVALID for anything else (never a DNS lookup). */
  static String ip(String text) {
    String t = text == null ? "" : text.trim();
    if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
      throw AdminException.invalid(t + " is not an IP address");
    }
    try {
      return InetAddress.getByName(t).getHostAddress();
    } catch (UnknownHostException e) {
      throw AdminException.invalid(t + " is not an IP address");
    }
  }
}
