package io.mailcove.mtasts;

import io.mailcove.dns.DnsException;
import io.mailcove.dns.Resolver;
import io.mailcove.log.Log;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MTA-STS for outbound delivery (RFC 8461 §5): looks up {@code _mta-sts.<domain>} TXT, fetches the policy when the
 * id is new, caches it until max_age. With no record and no cached policy, or when a fetch fails and nothing is
 * cached, the domain has no policy (§5.1). A policy in enforce mode makes the courier require STARTTLS with a
 * certificate valid for an MX that the policy lists.
 */
public final class MtaSts {
  private static final Log LOG = Log.of(MtaSts.class);
  private final Resolver resolver;
  private final MtaStsFetcher fetcher;
  private final Clock clock;
  private final Map<String, MtaStsPolicy> cache = new ConcurrentHashMap<>();

  public MtaSts(Resolver resolver, MtaStsFetcher fetcher, Clock clock) {
    this.resolver = resolver;
    this.fetcher = fetcher;
    this.clock = clock;
  }

  /** The policy in force for a recipient domain, or null. */
  public MtaStsPolicy policy(String domain) {
    Instant now = clock.instant();
    MtaStsPolicy cached = cache.get(domain);
    if (cached != null && cached.expires().isBefore(now)) {
      cache.remove(domain, cached);
      cached = null;
    }
    String id = null;
    try {
      for (String txt : resolver.txt("_mta-sts." + domain)) {
        String parsed = MtaStsParser.recordId(txt);
        if (parsed != null) {
          if (id != null) {
            id = null; // §3.1: more than one record: treat as none
            break;
          }
          id = parsed;
        }
      }
    } catch (DnsException e) {
      return cached;
    }
    if (id == null) {
      return cached;
    }
    if (cached != null && cached.id().equals(id)) {
      return cached;
    }
    try {
      MtaStsPolicy policy = MtaStsParser.parsePolicy(fetcher.fetch(domain), id, now);
      cache.put(domain, policy);
      LOG.info("mtasts.policy", "domain", domain, "mode", policy.mode(), "mx", String.join(",", policy.mx()),
          "max_age", policy.maxAgeSeconds());
      return policy;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("mtasts.fetch_failed", "domain", domain, "error", e.getMessage(), "using",
          cached == null ? "no policy" : "cached policy");
      return cached;
    }
  }
}
