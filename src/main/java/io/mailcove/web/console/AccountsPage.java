package io.mailcove.web.console;

import io.mailcove.admin.AccountView;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.config.Units;
import io.mailcove.store.Role;
import io.mailcove.web.console.ConsoleForms.NewAccount;
import io.mailcove.web.session.WebRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /admin/accounts}: the accounts, a page at a time with a search, and a new account; {@code /admin/account}
 * and its actions: one account, its password, quota, state (disabled or not) and role.
 */
final class AccountsPage {
  private final Supplier<AdminService> admin;

  AccountsPage(Supplier<AdminService> admin) {
    this.admin = admin;
  }

  /** GET {@code q}, {@code page}: a page of the list; POST {@code address}, {@code password}, {@code quota}, {@code admin}. */
  void list(WebRequest r) {
    if (r.isGet()) {
      render(r, HttpStatus.OK_200, null, NewAccount.EMPTY);
      return;
    }
    NewAccount form = new NewAccount(ConsolePage.field(r, "address"), ConsolePage.field(r, "quota"),
        ConsolePage.flag(r, "admin"));
    char[] password = passwordField(r, "password");
    try {
      long quota = quota(form.quota());
      AccountView a = admin.get().accounts().create(r.user().actor(), form.address(), password,
          form.admin() ? Role.ADMIN : Role.USER, quota);
      ConsolePage.done(r, "/admin/accounts?q=" + encode(a.address()), "account_created");
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), form);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** GET {@code address}: one account with its forms. */
  void show(WebRequest r) {
    if (!r.isGet()) {
      ConsolePage.methodNotAllowed(r, "GET, HEAD");
      return;
    }
    showAccount(r, r.query("address"), HttpStatus.OK_200, null);
  }

  /** POST {@code address}, {@code password}: sets a new password. */
  void password(WebRequest r) {
    change(r, "password_set", address -> {
      char[] password = passwordField(r, "password");
      try {
        return admin.get().accounts().setPassword(r.user().actor(), address, password);
      } finally {
        Arrays.fill(password, '\0');
      }
    });
  }

  /** POST {@code address}, {@code quota} (a size such as 2G; 0 or empty: unlimited). */
  void quota(WebRequest r) {
    change(r, "quota_set", address -> admin.get().accounts().setQuota(r.user().actor(), address,
        quota(ConsolePage.field(r, "quota"))));
  }

  /** POST {@code address}, {@code disabled} (true or false). htmx gets the account's row of the list back. */
  void state(WebRequest r) {
    boolean disabled = ConsolePage.flag(r, "disabled");
    change(r, disabled ? "account_disabled" : "account_enabled",
        address -> admin.get().accounts().setDisabled(r.user().actor(), address, disabled));
  }

  /** POST {@code address}, {@code admin} (true or false): gives or takes the admin role. */
  void role(WebRequest r) {
    boolean makeAdmin = ConsolePage.flag(r, "admin");
    change(r, makeAdmin ? "role_admin" : "role_user",
        address -> admin.get().accounts().setRole(r.user().actor(), address, makeAdmin ? Role.ADMIN : Role.USER));
  }

  private interface Change {
    AccountView apply(String address);
  }

  private void change(WebRequest r, String notice, Change change) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    String address = ConsolePage.field(r, "address");
    try {
      AccountView a = change.apply(address);
      if (ConsolePage.htmx(r)) {
        r.render("console/account_row.jte", ConsolePage.values("account", a));
      } else {
        ConsolePage.done(r, "/admin/account?address=" + encode(a.address()), notice);
      }
    } catch (AdminException e) {
      if (ConsolePage.htmx(r)) {
        r.render(ConsolePage.status(e), "console/problem.jte", ConsolePage.values("problem", Problem.of(e)));
      } else {
        showAccount(r, address, ConsolePage.status(e), Problem.of(e));
      }
    }
  }

  private void showAccount(WebRequest r, String address, int statusCode, Problem problem) {
    AccountView a;
    try {
      a = admin.get().accounts().show(r.user().actor(), address == null ? "" : address);
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), NewAccount.EMPTY);
      return;
    }
    r.render(statusCode, "console/account.jte", ConsolePage.values("account", a, "problem", problem,
        "notice", ConsolePage.notice(r)));
  }

  private void render(WebRequest r, int statusCode, Problem problem, NewAccount form) {
    int page = 1;
    try {
      String p = r.query("page");
      page = p == null ? 1 : Integer.parseInt(p);
    } catch (NumberFormatException e) {
      // not a number: the first page
    }
    AccountPage accounts = AccountPage.of(admin.get().accounts().list(r.user().actor(), null), r.query("q"), page);
    r.render(statusCode, "console/accounts.jte", ConsolePage.values("accounts", accounts, "problem", problem,
        "notice", ConsolePage.notice(r), "form", form,
        "domains", admin.get().domains().list(r.user().actor())));
  }

  /** A quota as typed (2G, 500M, 0, empty for unlimited) in bytes; INVALID otherwise. */
  static long quota(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    Long bytes = Units.parseSize(text);
    if (bytes == null) {
      throw new AdminException(AdminException.Kind.INVALID, "\"" + text.strip() + "\" is not a size; write it "
          + "as 500M, 2G or 0 for no limit");
    }
    return bytes;
  }

  private static char[] passwordField(WebRequest r, String name) {
    String v = r.field(name);
    return v == null ? new char[0] : v.toCharArray();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
