package io.mailcove.queue;

import io.mailcove.dns.DnsException;
import io.mailcove.dns.MxHost;
import io.mailcove.dns.Resolver;
import io.mailcove.log.Log;
import io.mailcove.mtasts.MtaSts;
import io.mailcove.mtasts.MtaStsPolicy;
import io.mailcove.smtp.client.ClientTls;
import io.mailcove.smtp.client.Envelope;
import io.mailcove.smtp.client.MessageContent;
import io.mailcove.smtp.client.SmtpClient;
import io.mailcove.smtp.client.SmtpClientException;
import io.mailcove.smtp.client.SmtpReply;
import io.mailcove.smtp.client.SmtpStage;
import io.mailcove.smtp.client.TransactionResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Sends queued messages to the world: through the configured relays in order (failing over when one refuses the
 * connection, TLS, our credentials or the sender; direct MX delivery may be the last entry), or directly to the
 * recipient domains' MX hosts (RFC 5321 §5.1) with STARTTLS and MTA-STS (RFC 8461). Sessions are reused per
 * destination and limited per relay and per recipient domain. Each transaction's outcome is handed to
 * {@code record} at once, before the next step, so a recorded 250 is never repeated after a crash.
 */
final class RemoteDelivery {
  private static final Log LOG = Log.of(RemoteDelivery.class);

  private final QueueSettings settings;
  private final List<RelayRoute> relays;
  private final Resolver resolver;
  private final MtaSts mtaSts;
  private final ClientTls tls;
  private final ConnectionPool pool;
  private final SmtpClient.Timeouts timeouts;
  private final Map<String, Semaphore> limits = new ConcurrentHashMap<>();

  RemoteDelivery(QueueSettings settings, List<RelayRoute> relays, Resolver resolver, MtaSts mtaSts, ClientTls tls,
                 ConnectionPool pool) {
    this.settings = settings;
    this.relays = relays;
    this.resolver = resolver;
    this.mtaSts = mtaSts;
    this.tls = tls;
    this.pool = pool;
    // twice the command timeout as a sum: Duration.multipliedBy goes through BigDecimal, whose first use costs a
    // server start some 40 ms of class set-up
    this.timeouts = new SmtpClient.Timeouts(settings.connectTimeout(), settings.commandTimeout(),
        settings.commandTimeout().plus(settings.commandTimeout()));
  }

  /** The relay entries that apply to mail from {@code senderDomain}: its own entries, else the global ones. */
  List<RelayRoute> chainFor(String senderDomain) {
    List<RelayRoute> own = new ArrayList<>();
    List<RelayRoute> global = new ArrayList<>();
    for (RelayRoute r : relays) {
      if (r.domains().isEmpty()) {
        global.add(r);
      } else if (senderDomain != null && r.domains().contains(senderDomain.toLowerCase(Locale.ROOT))) {
        own.add(r);
      }
    }
    return own.isEmpty() ? global : own;
  }

  void deliver(QueuedMessage m, List<QueuedRecipient> rcpts, Payload payload, Consumer<List<Outcome>> record) {
    String senderDomain = m.mailFrom().contains("@") ? m.mailFrom().substring(m.mailFrom().lastIndexOf('@') + 1)
        : null;
    List<RelayRoute> chain = chainFor(senderDomain);
    if (chain.isEmpty()) {
      direct(m, rcpts, payload, record);
    } else {
      relay(chain, m, rcpts, payload, record);
    }
  }

  // ---------------------------------------------------------------- relays

  private void relay(List<RelayRoute> chain, QueuedMessage m, List<QueuedRecipient> rcpts, Payload payload,
                     Consumer<List<Outcome>> record) {
    List<String> errors = new ArrayList<>();
    String authError = null;
    boolean allPermanent = true;
    SmtpClientException last = null;
    RelayRoute lastRelay = null;
    for (RelayRoute r : chain) {
      if (r.direct()) {
        if (!errors.isEmpty()) {
          LOG.info("queue.relay_failover", "id", m.id(), "to", "direct", "after", String.join("; ", errors));
        }
        direct(m, rcpts, payload, record);
        return;
      }
      Semaphore limit = limit("relay:" + r.name(), r.maxConnections());
      limit.acquireUninterruptibly();
      try {
        String key = "relay|" + r.name() + "|" + r.host() + ":" + r.port();
        Sent sent = attempt(key, () -> openRelay(r), m, rcpts, payload);
        record.accept(outcomes(sent.result(), rcpts, r.host(), sent.client().capabilities().has("DSN")));
        LOG.debug("queue.relayed", "id", m.id(), "relay", r.name(), "rcpts", rcpts.size());
        pool.give(key, sent.client());
        return;
      } catch (SmtpClientException e) {
        last = e;
        lastRelay = r;
        if (e.stage() == SmtpStage.AUTH && e.reply() != null) {
          authError = "relay " + r.name() + " rejected the credentials for user " + r.username() + ": "
              + e.reply().text() + " -- fix username/password of this [[relay]] entry (an expired app password "
              + "or a revoked API key?); retrying less often until then";
          LOG.warn("queue.relay_auth_failed", "relay", r.name(), "user", r.username(), "reply", e.reply().text(),
              "action", "update the [[relay]] password or API key");
          errors.add(authError);
        } else {
          errors.add("relay " + r.name() + ": " + e.getMessage());
          LOG.warn("queue.relay_failed", "id", m.id(), "relay", r.name(), "stage", e.stage(), "error",
              e.getMessage());
        }
        if (!e.permanent() || e.stage() == SmtpStage.AUTH) {
          allPermanent = false;
        }
      } finally {
        limit.release();
      }
    }
    List<Outcome> out = new ArrayList<>();
    String host = lastRelay == null ? null : lastRelay.host();
    for (QueuedRecipient q : rcpts) {
      if (authError != null) {
        String text = errors.size() == 1 ? authError : String.join("; ", errors);
        out.add(Outcome.retry(q.position(), "4.7.8", text, "auth", host)
            .withBackoff(settings.authFailureBackoff().toSeconds()));
      } else if (allPermanent && last != null) {
        SmtpReply reply = last.reply();
        out.add(Outcome.failed(q.position(), reply == null ? "5.0.0" : reply.status(),
            reply == null ? last.getMessage() : reply.text(), "remote", host));
      } else {
        String status = last != null && last.reply() != null && last.reply().transientFailure()
            ? last.reply().status() : "4.4.1";
        out.add(Outcome.retry(q.position(), status, String.join("; ", errors), kind(last), host));
      }
    }
    record.accept(out);
  }

  private SmtpClient openRelay(RelayRoute r) throws SmtpClientException {
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(address(r.host()), r.port());
    } catch (DnsException e) {
      throw new SmtpClientException(SmtpStage.CONNECT, "cannot resolve relay " + r.host() + ": " + e.getMessage(),
          e);
    }
    SmtpClient c = SmtpClient.connect(r.host(), address, timeouts,
        r.tls() == RelayRoute.Tls.IMPLICIT ? tls : null, r.verifyTls());
    try {
      c.ehlo(settings.heloName());
      if (r.tls() == RelayRoute.Tls.STARTTLS) {
        if (!c.capabilities().has("STARTTLS")) {
          throw new SmtpClientException(SmtpStage.TLS, c.where() + " does not offer STARTTLS, which tls = "
              + "\"starttls\" requires", (SmtpReply) null, false);
        }
        c.startTls(tls, r.verifyTls(), settings.heloName());
      }
      if (r.hasCredentials()) {
        c.auth(r.username(), r.password());
      }
      return c;
    } catch (SmtpClientException e) {
      c.quit();
      throw e;
    }
  }

  private InetAddress address(String host) throws DnsException {
    if (host.matches("[0-9.]+") || host.contains(":")) {
      try {
        return InetAddress.getByName(host);
      } catch (java.net.UnknownHostException e) {
        throw new DnsException(host + " is not an address", true);
      }
    }
    List<InetAddress> all = resolver.addresses(host);
    if (all.isEmpty()) {
      throw new DnsException(host + " has no address", false);
    }
    return all.get(0);
  }

  // ---------------------------------------------------------------- direct

  private void direct(QueuedMessage m, List<QueuedRecipient> rcpts, Payload payload,
                      Consumer<List<Outcome>> record) {
    Map<String, List<QueuedRecipient>> byDomain = new LinkedHashMap<>();
    for (QueuedRecipient r : rcpts) {
      String d = io.mailcove.dns.Names.canonical(r.address().substring(r.address().lastIndexOf('@') + 1));
      byDomain.computeIfAbsent(d, k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<QueuedRecipient>> e : byDomain.entrySet()) {
      Semaphore limit = limit("domain:" + e.getKey(), settings.maxConnectionsPerDomain());
      limit.acquireUninterruptibly();
      try {
        directDomain(e.getKey(), m, e.getValue(), payload, record);
      } finally {
        limit.release();
      }
    }
  }

  private void directDomain(String domain, QueuedMessage m, List<QueuedRecipient> rcpts, Payload payload,
                            Consumer<List<Outcome>> record) {
    List<MxHost> mx;
    try {
      mx = resolver.mx(domain);
    } catch (DnsException e) {
      if (e.permanent()) {
        record.accept(all(rcpts, p -> Outcome.failed(p, "5.1.2", "domain " + domain + " does not exist: "
            + e.getMessage(), "dns", null)));
      } else {
        record.accept(all(rcpts, p -> Outcome.retry(p, "4.4.3", "DNS lookup for " + domain + " failed: "
            + e.getMessage(), "dns", null)));
      }
      return;
    }
    if (mx.stream().anyMatch(MxHost::isNullMx)) {
      // RFC 7505 §4.1: a null MX means the domain accepts no mail; fail at once
      record.accept(all(rcpts, p -> Outcome.failed(p, "5.1.10", "domain " + domain + " does not accept mail "
          + "(null MX, RFC 7505)", "dns", null)));
      return;
    }
    List<MxHost> hosts = new ArrayList<>(mx);
    if (hosts.isEmpty()) {
      hosts.add(new MxHost(0, domain)); // RFC 5321 §5.1: no MX, the domain itself is the host
    } else {
      shuffleEqualPreferences(hosts);
    }
    MtaStsPolicy policy = settings.mtaSts() && mtaSts != null ? mtaSts.policy(domain) : null;
    boolean enforce = policy != null && policy.enforced();
    List<String> errors = new ArrayList<>();
    String errorKind = "connect";
    SmtpReply lastReply = null;
    for (MxHost h : hosts) {
      if (policy != null && policy.mode() != MtaStsPolicy.Mode.NONE && !policy.allows(h.host())) {
        if (enforce) {
          errors.add(h.host() + " is not an MX allowed by the MTA-STS policy of " + domain);
          errorKind = "policy";
          continue;
        }
        LOG.warn("mtasts.testing_failure", "domain", domain, "mx", h.host(), "error", "not an MX of the policy",
            "action", "delivering anyway (policy mode testing)");
      }
      List<InetAddress> addresses;
      try {
        addresses = resolver.addresses(h.host());
      } catch (DnsException e) {
        errors.add(e.getMessage());
        continue;
      }
      if (addresses.isEmpty()) {
        errors.add(h.host() + " has no address");
      }
      for (InetAddress a : addresses) {
        InetSocketAddress address = new InetSocketAddress(a, settings.smtpPort());
        MtaStsPolicy.Mode mode = policy == null ? MtaStsPolicy.Mode.NONE : policy.mode();
        String key = "mx|" + h.host() + "|" + a.getHostAddress() + "|" + mode;
        try {
          Sent sent = attempt(key, () -> openDirect(h.host(), address, domain, mode), m, rcpts, payload);
          record.accept(outcomes(sent.result(), rcpts, h.host(), sent.client().capabilities().has("DSN")));
          pool.give(key, sent.client());
          return;
        } catch (SmtpClientException e) {
          if (e.stage() == SmtpStage.MAIL && e.permanent()) {
            SmtpReply r = e.reply();
            record.accept(all(rcpts, p -> Outcome.failed(p, r == null ? "5.0.0" : r.status(),
                r == null ? e.getMessage() : r.text(), "remote", h.host())));
            return;
          }
          errors.add(e.reply() != null ? h.host() + " said: " + e.reply().text() : e.getMessage());
          if (e.stage() == SmtpStage.TLS && enforce) {
            errorKind = "tls";
          } else if (e.reply() != null) {
            errorKind = "remote";
            lastReply = e.reply();
          }
          LOG.debug("queue.mx_failed", "id", m.id(), "mx", h.host(), "error", e.getMessage());
        }
      }
    }
    String text = String.join("; ", errors);
    if (errorKind.equals("tls") || errorKind.equals("policy")) {
      text = "deferred by the MTA-STS policy of " + domain + " (enforce): " + text;
    }
    String status = lastReply != null && lastReply.transientFailure() ? lastReply.status()
        : errorKind.equals("tls") || errorKind.equals("policy") ? "4.7.5" : "4.4.1";
    String finalText = text;
    String finalKind = errorKind;
    record.accept(all(rcpts, p -> Outcome.retry(p, status, finalText, finalKind, null)));
  }

  /**
   * Opens a session to one MX. Without a policy TLS is opportunistic (RFC 7435): any certificate, and a broken
   * STARTTLS falls back to plaintext. Under an enforced MTA-STS policy (RFC 8461 §5) STARTTLS with a certificate
   * valid for the MX name is required, else the attempt fails (the caller defers). Under a policy in testing mode
   * (§5) the certificate is checked as in enforce mode, but a failure is only logged as a warning and the mail goes
   * out as without a policy.
   */
  private SmtpClient openDirect(String host, InetSocketAddress address, String domain, MtaStsPolicy.Mode mode)
      throws SmtpClientException {
    boolean enforce = mode == MtaStsPolicy.Mode.ENFORCE;
    boolean testing = mode == MtaStsPolicy.Mode.TESTING;
    SmtpClient c = SmtpClient.connect(host, address, timeouts, null, false);
    try {
      c.ehlo(settings.heloName());
      if (!c.capabilities().has("STARTTLS")) {
        if (enforce) {
          throw new SmtpClientException(SmtpStage.TLS, host + " does not offer STARTTLS, which the MTA-STS policy "
              + "of " + domain + " requires", (SmtpReply) null, false);
        }
        if (testing) {
          LOG.warn("mtasts.testing_failure", "domain", domain, "mx", host, "error", "no STARTTLS", "action",
              "delivering in plaintext (policy mode testing)");
        }
        return c;
      }
      try {
        c.startTls(tls, enforce || testing, settings.heloName());
        return c;
      } catch (SmtpClientException e) {
        if (enforce) {
          throw e;
        }
        c.close();
        if (testing) {
          LOG.warn("mtasts.testing_failure", "domain", domain, "mx", host, "error", e.getMessage(), "action",
              "delivering with unverified TLS (policy mode testing)");
          c = SmtpClient.connect(host, address, timeouts, null, false);
          c.ehlo(settings.heloName());
          try {
            c.startTls(tls, false, settings.heloName());
            return c;
          } catch (SmtpClientException again) {
            c.close();
            e = again;
          }
        }
        // RFC 7435 opportunistic security: without an enforced policy, a broken STARTTLS is no reason to keep the mail
        LOG.info("queue.starttls_failed_plaintext", "mx", host, "domain", domain, "error", e.getMessage());
        c = SmtpClient.connect(host, address, timeouts, null, false);
        c.ehlo(settings.heloName());
        return c;
      }
    } catch (SmtpClientException e) {
      c.quit();
      throw e;
    }
  }

  private static void shuffleEqualPreferences(List<MxHost> hosts) {
    int i = 0;
    while (i < hosts.size()) {
      int j = i;
      while (j < hosts.size() && hosts.get(j).preference() == hosts.get(i).preference()) {
        j++;
      }
      Collections.shuffle(hosts.subList(i, j)); // RFC 5321 §5.1: spread load over equal preferences
      i = j;
    }
  }

  // ---------------------------------------------------------------- shared

  private interface Opener {
    SmtpClient open() throws SmtpClientException;
  }

  private record Sent(SmtpClient client, TransactionResult result) {}

  /**
   * One transaction on a pooled session or a new one. A pooled session the server has closed meanwhile fails
   * before anything was accepted (no reply to MAIL); then a fresh session is tried once.
   */
  private Sent attempt(String key, Opener opener, QueuedMessage m, List<QueuedRecipient> rcpts, Payload payload)
      throws SmtpClientException {
    SmtpClient pooled = pool.take(key);
    if (pooled != null) {
      try {
        return new Sent(pooled, transact(pooled, m, rcpts, payload));
      } catch (SmtpClientException e) {
        pooled.close();
        if (e.reply() != null || e.stage() != SmtpStage.MAIL) {
          throw e;
        }
      }
    }
    SmtpClient fresh = opener.open();
    try {
      return new Sent(fresh, transact(fresh, m, rcpts, payload));
    } catch (SmtpClientException e) {
      fresh.close();
      throw e;
    }
  }

  private TransactionResult transact(SmtpClient c, QueuedMessage m, List<QueuedRecipient> rcpts, Payload payload)
      throws SmtpClientException {
    boolean has8 = c.capabilities().has("8BITMIME");
    byte[] bytes = payload.bytes(has8);
    List<Envelope.Recipient> list = new ArrayList<>();
    for (QueuedRecipient r : rcpts) {
      list.add(new Envelope.Recipient(r.address(), r.notifySet(), r.orcpt()));
    }
    Envelope env = new Envelope(m.mailFrom(), list, m.envId(), m.returnFull(), m.smtpUtf8(),
        payload.eightBit() && has8, bytes.length);
    return c.send(env, MessageContent.of(bytes));
  }

  private static List<Outcome> outcomes(TransactionResult res, List<QueuedRecipient> rcpts, String host,
                                        boolean remoteDsn) {
    List<Outcome> out = new ArrayList<>();
    for (int i = 0; i < rcpts.size(); i++) {
      int p = rcpts.get(i).position();
      SmtpReply r = res.outcome(i);
      if (res.delivered(i)) {
        out.add(Outcome.delivered(p, host, r.text(), remoteDsn));
      } else if (r.permanentFailure()) {
        out.add(Outcome.failed(p, r.status(), r.text(), "remote", host));
      } else {
        out.add(Outcome.retry(p, r.status(), r.text(), "remote", host));
      }
    }
    return out;
  }

  private static List<Outcome> all(List<QueuedRecipient> rcpts, java.util.function.IntFunction<Outcome> f) {
    List<Outcome> out = new ArrayList<>();
    for (QueuedRecipient r : rcpts) {
      out.add(f.apply(r.position()));
    }
    return out;
  }

  private static String kind(SmtpClientException e) {
    if (e == null) {
      return "connect";
    }
    return switch (e.stage()) {
      case CONNECT, GREETING -> "connect";
      case TLS -> "tls";
      case AUTH -> "auth";
      default -> "remote";
    };
  }

  private Semaphore limit(String key, int permits) {
    return limits.computeIfAbsent(key, k -> new Semaphore(Math.max(1, permits)));
  }
}
