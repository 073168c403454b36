package io.mailcove.pipeline;

import io.mailcove.delivery.RecipientResolver;
import io.mailcove.store.Directory;
import io.mailcove.store.Domain;
import java.util.List;
import java.util.Locale;

/**
 * Where a recipient address leads ({@link Route}): one of our SRS addresses goes back to the address it stands for;
 * others are resolved like every local address (accounts, aliases, catch-all), or are remote.
 */
final class Router {
  private final RecipientResolver resolver;
  private final Forwarding forwarding;
  private final Directory directory;
  private final String hostname;

  Router(Directory directory, Forwarding forwarding, String hostname) {
    this.resolver = new RecipientResolver(directory);
    this.forwarding = forwarding;
    this.directory = directory;
    this.hostname = hostname;
  }

  /** The address a path stands for: RFC 5321 §4.5.1, a bare {@code <postmaster>} is our postmaster. */
  String address(MailPath path) {
    return path.isBarePostmaster() ? postmaster() : path.address();
  }

  Route route(String address) {
    Forwarding.Bounce bounce = forwarding.bounce(address);
    if (bounce != null) { // a reply to mail we forwarded, addressed to its SRS envelope sender
      return bounce.refusal() != null ? Route.refused(address, bounce.refusal())
          : new Route(Route.Kind.SRS_BOUNCE, bounce.original(), List.of(), List.of(), null);
    }
    return Route.of(resolver.resolve(address), address);
  }

  /** The postmaster of the server's own domain, or of the first domain we have. */
  private String postmaster() {
    String host = hostname.toLowerCase(Locale.ROOT);
    List<Domain> domains = directory.domains();
    for (String candidate = host; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
      for (Domain d : domains) {
        if (d.name().equals(candidate)) {
          return "postmaster@" + candidate;
        }
      }
    }
    return domains.isEmpty() ? "postmaster@" + host : "postmaster@" + domains.get(0).name();
  }
}
