package io.mailcove.web.account;

import gg.jte.Content;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.TokenAdmin;
import io.mailcove.admin.TokenView;
import io.mailcove.web.Routes;
import io.mailcove.web.session.WebRequest;
import io.mailcove.web.session.WebSessions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * The API tokens section of the account pages ({@code /account/tokens}): the logged-in account's tokens with their
 * scopes and last use, a form to make one (shown once, in the answer to the form), and revocation. Everything goes
 * through the {@link AdminService} as the account itself, so it may only ever see and revoke its own tokens, and
 * the admin scope only when it holds the admin role.
 */
public final class ApiTokensPage {
  public static final String PATH = "/account/tokens";
  static final String REVOKE_PATH = PATH + "/revoke";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** One token as the page lists it. */
  public record Row(long id, String name, String scopes, String created, String lastUsed) {}

  private final WebSessions sessions;
  private final Supplier<AdminService> admin;

  public ApiTokensPage(WebSessions sessions, Supplier<AdminService> admin) {
    this.sessions = sessions;
    this.admin = admin;
  }

  public void register(Routes routes) {
    routes.page(PATH, sessions.requireUser(this::page));
    routes.page(REVOKE_PATH, sessions.requireUser(this::revoke));
  }

  /** The section of the account page: the tokens by name, and the way to the page that makes and revokes them. */
  public Content section(WebRequest r) {
    List<String> names = admin.get().tokens().list(r.user().actor(), r.user().address()).stream()
        .map(TokenView::name).toList();
    return sessions.view().fragment("account/apitokens_section.jte", r.page(), Map.of("names", names));
  }

  private void page(WebRequest r) {
    if (r.isGet()) {
      show(r, HttpStatus.OK_200, null, null);
      return;
    }
    if (!r.isPost()) {
      r.render(HttpStatus.METHOD_NOT_ALLOWED_405, "message.jte", Map.of("title", "common.bad_request.title",
          "text", "common.bad_request.text"));
      return;
    }
    List<String> scopes = new ArrayList<>();
    for (String s : TokenAdmin.SCOPES) {
      if ("on".equals(r.field("scope_" + s))) {
        scopes.add(s);
      }
    }
    if (scopes.isEmpty()) {
      show(r, HttpStatus.UNPROCESSABLE_ENTITY_422, null, "apitoken.error.no_scope");
      return;
    }
    try {
      TokenAdmin.Created c = admin.get().tokens().create(r.user().actor(), r.user().address(), r.field("name"), scopes);
      show(r, HttpStatus.OK_200, c.secret(), null);
    } catch (AdminException e) {
      show(r, e.kind() == AdminException.Kind.CONFLICT ? HttpStatus.CONFLICT_409
          : HttpStatus.UNPROCESSABLE_ENTITY_422, null, error(e));
    }
  }

  private void revoke(WebRequest r) {
    if (!r.isPost()) {
      r.redirect(PATH);
      return;
    }
    try {
      admin.get().tokens().revoke(r.user().actor(), r.user().address(), Long.parseLong(r.field("id")));
      r.redirect(PATH);
    } catch (NumberFormatException | AdminException e) {
      show(r, HttpStatus.NOT_FOUND_404, null, "apitoken.error.not_found");
    }
  }

  private void show(WebRequest r, int status, String created, String error) {
    List<Row> rows = new ArrayList<>();
    for (TokenView t : admin.get().tokens().list(r.user().actor(), r.user().address())) {
      rows.add(new Row(t.id(), t.name(), String.join(", ", t.scopes()), when(t.created()),
          t.lastUsed() == null ? null : when(t.lastUsed())));
    }
    Map<String, Object> values = new HashMap<>();
    values.put("tokens", rows);
    values.put("created", created);
    values.put("error", error);
    values.put("scopes", r.user().admin() ? TokenAdmin.SCOPES
        : TokenAdmin.SCOPES.stream().filter(s -> !s.equals("admin")).toList());
    r.render(status, "apitokens.jte", values);
  }

  private static String error(AdminException e) {
    if (e.kind() == AdminException.Kind.CONFLICT) {
      return "apitoken.error.too_many";
    }
    return e.getMessage().contains("admin role") ? "apitoken.error.admin_scope" : "apitoken.error.name";
  }

  private static String when(Instant t) {
    return WHEN.format(t);
  }
}
