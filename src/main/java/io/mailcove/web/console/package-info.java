/**
 * The admin console ({@code /admin}, {@link io.mailcove.web.console.Console}): one page class per concern (status,
 * domains, accounts, sign-ups, aliases, queue, bans) on the door's sessions, each change through the
 * {@link io.mailcove.admin.AdminService} as the logged-in account. The models behind the pages have no web in them:
 * {@link io.mailcove.web.console.StatusReader} (what the server is running), {@link io.mailcove.web.console.DnsRecords}
 * (what a domain must publish), {@link io.mailcove.web.console.AccountPage} (a page of a long account list).
 */
package io.mailcove.web.console;
