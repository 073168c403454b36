package io.mailcove.web.console;

import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.DomainView;
import io.mailcove.web.session.WebRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /admin/domains}: the local domains, adding and removing one; {@code /admin/domain?name=}: one domain with
 * the DNS records to publish and its catch-all.
 */
final class DomainsPage {
  private final Supplier<AdminService> admin;
  private final StatusReader status;
  private final String hostname;
  private final Clock clock;

  DomainsPage(Supplier<AdminService> admin, StatusReader status, String hostname, Clock clock) {
    this.admin = admin;
    this.status = status;
    this.hostname = hostname;
    this.clock = clock;
  }

  /** GET: the list; POST: adds the domain {@code name}, then shows its records. */
  void list(WebRequest r) {
    if (r.isGet()) {
      render(r, HttpStatus.OK_200, null, "");
      return;
    }
    String name = ConsolePage.field(r, "name");
    try {
      DomainView d = admin.get().domains().add(r.user().actor(), name);
      ConsolePage.done(r, "/admin/domain?name=" + d.name(), "domain_added");
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), name);
    }
  }

  /** POST {@code name} [{@code force}]: removes a domain; with force, its accounts and aliases too. */
  void remove(WebRequest r) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    try {
      admin.get().domains().remove(r.user().actor(), ConsolePage.field(r, "name"), ConsolePage.flag(r, "force"));
      ConsolePage.done(r, "/admin/domains", "domain_removed");
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), "");
    }
  }

  /** GET {@code name}: the domain's DNS records, DKIM keys and catch-all. */
  void show(WebRequest r) {
    if (!r.isGet()) {
      ConsolePage.methodNotAllowed(r, "GET, HEAD");
      return;
    }
    showDomain(r, r.query("name"), HttpStatus.OK_200, null, null);
  }

  /** POST {@code name} and {@code targets} (sets the catch-all) or {@code remove} (removes it). */
  void catchAll(WebRequest r) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    String name = ConsolePage.field(r, "name");
    String targets = ConsolePage.field(r, "targets");
    try {
      if (ConsolePage.flag(r, "remove")) {
        DomainView d = admin.get().domains().removeCatchAll(r.user().actor(), name);
        ConsolePage.done(r, "/admin/domain?name=" + d.name(), "catchall_removed");
      } else {
        DomainView d = admin.get().domains().setCatchAll(r.user().actor(), name, addresses(targets));
        ConsolePage.done(r, "/admin/domain?name=" + d.name(), "catchall_set");
      }
    } catch (AdminException e) {
      showDomain(r, name, ConsolePage.status(e), Problem.of(e), targets);
    }
  }

  private void showDomain(WebRequest r, String name, int statusCode, Problem problem, String targets) {
    DomainView d;
    try {
      d = admin.get().domains().show(r.user().actor(), name == null ? "" : name);
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), "");
      return;
    }
    List<DnsRecords.Record> records = DnsRecords.of(d.name(), hostname, admin.get().dkim().list(r.user().actor(),
        d.name()), status.read(r.user().actor()).listeners(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    r.render(statusCode, "console/domain.jte", ConsolePage.values("domain", d, "records", records,
        "problem", problem, "notice", ConsolePage.notice(r),
        "targets", targets != null ? targets : String.join(", ", d.catchAll())));
  }

  private void render(WebRequest r, int statusCode, Problem problem, String name) {
    r.render(statusCode, "console/domains.jte", ConsolePage.values("domains", admin.get().domains().list(r.user().actor()),
        "problem", problem, "notice", ConsolePage.notice(r), "name", name));
  }

  /** Addresses separated by commas, spaces or new lines. */
  static List<String> addresses(String text) {
    return Arrays.stream(text.split("[,;\\s]+")).filter(s -> !s.isEmpty()).toList();
  }
}
