package io.mailcove.web.console;

import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.AliasView;
import io.mailcove.web.console.ConsoleForms.NewAlias;
import io.mailcove.web.session.WebRequest;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /admin/aliases}: the aliases (a source {@code @domain} is the domain's catch-all), adding targets to one,
 * removing one target or the whole alias.
 */
final class AliasesPage {
  private final Supplier<AdminService> admin;

  AliasesPage(Supplier<AdminService> admin) {
    this.admin = admin;
  }

  /** GET [{@code domain}]: the list; POST {@code source}, {@code targets}: adds the targets to the alias. */
  void list(WebRequest r) {
    if (r.isGet()) {
      render(r, HttpStatus.OK_200, null, NewAlias.EMPTY);
      return;
    }
    NewAlias form = new NewAlias(ConsolePage.field(r, "source"), ConsolePage.field(r, "targets"));
    try {
      admin.get().aliases().add(r.user().actor(), form.source(), DomainsPage.addresses(form.targets()));
      ConsolePage.done(r, "/admin/aliases", "alias_added");
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), form);
    }
  }

  /** POST {@code source} [{@code target}]: removes one target, or the whole alias. */
  void remove(WebRequest r) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    String target = ConsolePage.field(r, "target");
    try {
      admin.get().aliases().remove(r.user().actor(), ConsolePage.field(r, "source"),
          target.isEmpty() ? List.of() : List.of(target));
      ConsolePage.done(r, "/admin/aliases", "alias_removed");
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), NewAlias.EMPTY);
    }
  }

  private void render(WebRequest r, int statusCode, Problem problem, NewAlias form) {
    String domain = r.query("domain");
    List<AliasView> aliases;
    try {
      aliases = admin.get().aliases().list(r.user().actor(), domain == null || domain.isBlank() ? null : domain);
    } catch (AdminException e) {
      aliases = admin.get().aliases().list(r.user().actor(), null);
      if (problem == null) {
        problem = Problem.of(e);
        statusCode = ConsolePage.status(e);
      }
    }
    r.render(statusCode, "console/aliases.jte", ConsolePage.values("aliases", aliases, "problem", problem,
        "notice", ConsolePage.notice(r), "form", form, "domains", admin.get().domains().list(r.user().actor()),
        "domain", domain == null ? "" : domain));
  }
}
