package io.mailcove.web.console;

import io.mailcove.admin.AdminService;
import io.mailcove.web.Routes;
import io.mailcove.web.session.PageHandler;
import io.mailcove.web.session.WebSessions;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The admin console under {@code /admin}: server status, domains with their DNS records, accounts, sign-ups and
 * invite codes, aliases and catch-alls, the outbound queue and bans. Every page needs a session of an account with
 * the admin role ({@link WebSessions#requireAdmin}: others get 403), every POST the session's CSRF token, and every
 * operation goes through the {@link AdminService} as that account, so the console validates as the command line
 * does and a role taken away counts at the next request.
 */
public final class Console {
  public static final String PATH = "/admin";

  private final Supplier<AdminService> admin;
  private final StatusReader status;
  private final String hostname;
  private final Clock clock;

  public Console(Supplier<AdminService> admin, StatusReader status, String hostname, Clock clock) {
    this.admin = admin;
    this.status = status;
    this.hostname = hostname;
    this.clock = clock;
  }

  public void register(Routes routes, WebSessions sessions) {
    StatusPage statusPage = new StatusPage(status, clock);
    DomainsPage domains = new DomainsPage(admin, status, hostname, clock);
    AccountsPage accounts = new AccountsPage(admin);
    AliasesPage aliases = new AliasesPage(admin);
    QueuePage queue = new QueuePage(admin);
    BansPage bans = new BansPage(admin);
    SignupsPage signups = new SignupsPage(admin, clock);
    page(routes, sessions, PATH, statusPage::show);
    page(routes, sessions, PATH + "/domains", domains::list);
    page(routes, sessions, PATH + "/domains/remove", domains::remove);
    page(routes, sessions, PATH + "/domain", domains::show);
    page(routes, sessions, PATH + "/domain/catchall", domains::catchAll);
    page(routes, sessions, PATH + "/accounts", accounts::list);
    page(routes, sessions, PATH + "/account", accounts::show);
    page(routes, sessions, PATH + "/account/password", accounts::password);
    page(routes, sessions, PATH + "/account/quota", accounts::quota);
    page(routes, sessions, PATH + "/account/state", accounts::state);
    page(routes, sessions, PATH + "/account/role", accounts::role);
    page(routes, sessions, PATH + "/signups", signups::list);
    page(routes, sessions, PATH + "/signups/approve", signups::approve);
    page(routes, sessions, PATH + "/signups/reject", signups::reject);
    page(routes, sessions, PATH + "/signups/domain", signups::domainOpen);
    page(routes, sessions, PATH + "/invites", signups::createInvite);
    page(routes, sessions, PATH + "/invites/revoke", signups::revokeInvite);
    page(routes, sessions, PATH + "/aliases", aliases::list);
    page(routes, sessions, PATH + "/aliases/remove", aliases::remove);
    page(routes, sessions, PATH + "/queue", queue::list);
    page(routes, sessions, PATH + "/queue/retry", queue::retry);
    page(routes, sessions, PATH + "/queue/delete", queue::delete);
    page(routes, sessions, PATH + "/bans", bans::list);
    page(routes, sessions, PATH + "/bans/lift", bans::lift);
  }

  private static void page(Routes routes, WebSessions sessions, String path, PageHandler handler) {
    routes.page(path, sessions.requireAdmin(handler));
  }
}
