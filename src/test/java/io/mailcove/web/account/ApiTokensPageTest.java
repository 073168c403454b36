package io.mailcove.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API tokens section of the account pages over real HTTP: a token made in the browser is shown once and works
 * on the API, revoking it ends it, the admin scope is only for admins, another account's token cannot be revoked,
 * the forms need the CSRF token, and the page speaks 简体中文 too.
 */
class ApiTokensPageTest {
  private static final Pattern NEW_TOKEN = Pattern.compile("id=\"new-token\">(mct_[A-Za-z0-9_-]{43})<");

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static String base;

  @BeforeAll
  static void base() {
    base = server.baseUrl();
  }

  @Test
  void aTokenMadeOnThePageIsShownOnceWorksAndIsRevoked() throws Exception {
    Browser alice = new Browser(base);
    assertThat(alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD).statusCode()).isEqualTo(303);
    HttpResponse<String> page = alice.get(ApiTokensPage.PATH);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("API tokens", "You have no API tokens.", "name=\"scope_read\"",
        "name=\"scope_write\"", "name=\"scope_send\"").doesNotContain("name=\"scope_admin\"");

    HttpResponse<String> made = alice.submit(ApiTokensPage.PATH, Map.of("name", "backup", "scope_read", "on"));
    assertThat(made.statusCode()).isEqualTo(200);
    Matcher m = NEW_TOKEN.matcher(made.body());
    assertThat(m.find()).as(made.body()).isTrue();
    String token = m.group(1);
    assertThat(made.body()).contains("shown only this once", "backup", "read").contains("never");
    assertThat(api(token)).isEqualTo(200);
    HttpResponse<String> again = alice.get(ApiTokensPage.PATH);
    assertThat(again.body()).doesNotContain(token).contains("backup");
    HttpResponse<String> account = alice.get("/account");
    assertThat(account.body()).contains("id=\"api-tokens\"", "backup", "href=\"/account/tokens\"")
        .doesNotContain(token);

    HttpResponse<String> admin = alice.submit(ApiTokensPage.PATH, Map.of("name", "x", "scope_admin", "on"));
    assertThat(admin.statusCode()).isEqualTo(422);
    assertThat(admin.body()).contains("Only accounts with the admin role");
    assertThat(alice.submit(ApiTokensPage.PATH, Map.of("name", "x")).statusCode()).as("no scope").isEqualTo(422);

    long id = server.admin().tokens().list(Actor.localAdministrator(), TestServer.ALICE).get(0).id();
    HttpResponse<String> noCsrf = alice.post(ApiTokensPage.REVOKE_PATH, Map.of("id", String.valueOf(id)));
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(api(token)).isEqualTo(200);
    alice.get(ApiTokensPage.PATH);
    HttpResponse<String> revoked = alice.submit(ApiTokensPage.REVOKE_PATH, Map.of("id", String.valueOf(id)));
    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(revoked.headers().firstValue("Location")).hasValue(ApiTokensPage.PATH);
    assertThat(api(token)).isEqualTo(401);
  }

  @Test
  void anotherAccountsTokenCannotBeRevokedFromThePage() throws Exception {
    String bobs = server.admin().tokens().create(Actor.localAdministrator(), TestServer.BOB, "bob's",
        List.of("read")).secret();
    long bobId = server.admin().tokens().list(Actor.localAdministrator(), TestServer.BOB).get(0).id();
    Browser alice = new Browser(base);
    alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    HttpResponse<String> page = alice.get(ApiTokensPage.PATH);
    assertThat(page.body()).doesNotContain("bob's");
    HttpResponse<String> r = alice.submit(ApiTokensPage.REVOKE_PATH, Map.of("id", String.valueOf(bobId)));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(api(bobs)).isEqualTo(200);
  }

  @Test
  void adminsMayGiveTheAdminScopeAndThePageSpeaksChinese() throws Exception {
    Browser bob = new Browser(base).acceptLanguage("zh-CN,zh;q=0.9");
    bob.login(TestServer.BOB, TestServer.BOB_PASSWORD);
    HttpResponse<String> page = bob.get(ApiTokensPage.PATH);
    assertThat(page.body()).contains("API 令牌", "创建令牌", "name=\"scope_admin\"");
    HttpResponse<String> made = bob.submit(ApiTokensPage.PATH, Map.of("name", "ops", "scope_admin", "on"));
    assertThat(made.statusCode()).isEqualTo(200);
    assertThat(made.body()).contains("只显示这一次");
    Matcher m = NEW_TOKEN.matcher(made.body());
    assertThat(m.find()).isTrue();
    HttpResponse<String> accounts = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(base + "/api/v1/admin/accounts")).header("Authorization", "Bearer " + m.group(1)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(accounts.statusCode()).isEqualTo(200);
  }

  @Test
  void withoutALoginThePageSendsToTheLoginForm() throws Exception {
    HttpResponse<String> r = new Browser(base).get(ApiTokensPage.PATH);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login?next="));
  }

  private static int api(String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/mailboxes"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
