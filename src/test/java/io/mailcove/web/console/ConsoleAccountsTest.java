package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Accounts in the console over HTTP: create, the list a page at a time with a search, reset the password, quota,
 * disable, the admin flag; what changes is checked through the store and through IMAP logins with Python's imaplib.
 */
class ConsoleAccountsTest {
  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static Browser bob;

  @BeforeAll
  static void logIn() throws Exception {
    bob = new Browser(server.baseUrl());
    bob.login(TestServer.BOB, TestServer.BOB_PASSWORD);
  }

  /** "OK" when {@code address} logs in over IMAP with {@code password}, else the server's refusal. */
  private static String imapLogin(String address, String password) throws Exception {
    return Python.output("""
        import imaplib, sys
        m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        try:
            print(m.login(sys.argv[2], sys.argv[3])[0])
        except imaplib.IMAP4.error as e:
            print('NO', e)
        """, server.port("imap"), address, password).strip();
  }

  @Test
  void createAnAccountThatLogsInOverImap() throws Exception {
    bob.get("/admin/accounts");
    HttpResponse<String> created = bob.submit("/admin/accounts", Map.of("address", "dora@example.test",
        "password", "dora-secret-77", "quota", "2G"));
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(created.headers().firstValue("Location"))
        .hasValue("/admin/accounts?q=dora%40example.test&done=account_created");
    HttpResponse<String> list = bob.get("/admin/accounts?q=dora%40example.test&done=account_created");
    assertThat(list.body()).contains("Account created.", "href=\"/admin/account?address=dora%40example.test\"",
        "2.0 GiB", "1 account, page 1 of 1");
    assertThat(server.account("dora@example.test").quotaBytes()).isEqualTo(2L << 30);
    assertThat(server.account("dora@example.test").isAdmin()).isFalse();
    assertThat(imapLogin("dora@example.test", "dora-secret-77")).isEqualTo("OK");
  }

  @Test
  void refusalsKeepTheFormButNeverThePassword() throws Exception {
    bob.get("/admin/accounts");
    HttpResponse<String> weak = bob.submit("/admin/accounts", Map.of("address", "eve@example.test",
        "password", "short", "quota", "1G", "admin", "true"));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.body()).contains("Not accepted:", "password too weak", "value=\"eve@example.test\"",
        "value=\"1G\"").doesNotContain("value=\"short\"");
    assertThat(weak.body()).containsPattern("name=\"admin\" value=\"true\" checked");
    assertThat(server.store().directory().account("eve@example.test")).isEmpty();

    HttpResponse<String> foreign = bob.submit("/admin/accounts", Map.of("address", "eve@elsewhere.example",
        "password", "eve-secret-123"));
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).contains("is not a local domain");

    HttpResponse<String> quota = bob.submit("/admin/accounts", Map.of("address", "eve@example.test",
        "password", "eve-secret-123", "quota", "lots"));
    assertThat(quota.statusCode()).isEqualTo(400);
    assertThat(quota.body()).contains("\"lots\" is not a size");

    HttpResponse<String> taken = bob.submit("/admin/accounts", Map.of("address", TestServer.ALICE,
        "password", "eve-secret-123"));
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.body()).contains("already exists");
  }

  @Test
  void resetThePasswordSetTheQuotaDisableAndEnable() throws Exception {
    server.createAccount("fred@example.test", "fred-secret-01");
    bob.get("/admin/account?address=fred@example.test");
    HttpResponse<String> reset = bob.submit("/admin/account/password", Map.of("address", "fred@example.test",
        "password", "fred-secret-02"));
    assertThat(reset.statusCode()).isEqualTo(303);
    assertThat(imapLogin("fred@example.test", "fred-secret-02")).isEqualTo("OK");
    assertThat(imapLogin("fred@example.test", "fred-secret-01")).startsWith("NO");

    HttpResponse<String> page = bob.get(reset.headers().firstValue("Location").orElseThrow());
    assertThat(page.body()).contains("Password changed.");
    assertThat(bob.submit("/admin/account/quota", Map.of("address", "fred@example.test", "quota", "500M"))
        .statusCode()).isEqualTo(303);
    assertThat(server.account("fred@example.test").quotaBytes()).isEqualTo(500L << 20);
    bob.get("/admin/account?address=fred@example.test");
    HttpResponse<String> badQuota = bob.submit("/admin/account/quota", Map.of("address", "fred@example.test",
        "quota", "-5"));
    assertThat(badQuota.statusCode()).isEqualTo(400);
    assertThat(badQuota.body()).contains("is not a size");

    bob.get("/admin/account?address=fred@example.test");
    assertThat(bob.submit("/admin/account/state", Map.of("address", "fred@example.test", "disabled", "true"))
        .statusCode()).isEqualTo(303);
    assertThat(server.account("fred@example.test").disabled()).isTrue();
    assertThat(imapLogin("fred@example.test", "fred-secret-02")).startsWith("NO");
    bob.get("/admin/account?address=fred@example.test");
    assertThat(bob.submit("/admin/account/state", Map.of("address", "fred@example.test", "disabled", "false"))
        .statusCode()).isEqualTo(303);
    assertThat(imapLogin("fred@example.test", "fred-secret-02")).isEqualTo("OK");
  }

  @Test
  void theAdminFlagOpensTheConsoleAndTheLastAdminKeepsIt() throws Exception {
    server.createAccount("gina@example.test", "gina-secret-01");
    Browser gina = new Browser("http://127.0.0.1:" + server.port("http"));
    gina.login("gina@example.test", "gina-secret-01");
    assertThat(gina.get("/admin").statusCode()).isEqualTo(403);

    bob.get("/admin/account?address=gina@example.test");
    assertThat(bob.submit("/admin/account/role", Map.of("address", "gina@example.test", "admin", "true"))
        .statusCode()).isEqualTo(303);
    assertThat(gina.get("/admin").statusCode()).isEqualTo(200);
    bob.get("/admin/account?address=gina@example.test");
    assertThat(bob.submit("/admin/account/role", Map.of("address", "gina@example.test", "admin", "false"))
        .statusCode()).isEqualTo(303);
    assertThat(gina.get("/admin").statusCode()).isEqualTo(403);

    // bob is the only administrator: he cannot disable himself nor give up the role
    bob.get("/admin/account?address=" + TestServer.BOB);
    HttpResponse<String> self = bob.submit("/admin/account/state", Map.of("address", TestServer.BOB,
        "disabled", "true"));
    assertThat(self.statusCode()).isEqualTo(409);
    assertThat(self.body()).contains("Not possible now:", "last administrator");
    assertThat(server.account(TestServer.BOB).disabled()).isFalse();
  }

  @Test
  void htmxGetsTheRowOfTheAccountBack() throws Exception {
    server.createAccount("hank@example.test", "hank-secret-01");
    bob.get("/admin/accounts?q=hank");
    String form = "address=hank%40example.test&disabled=true";
    HttpResponse<String> r = bob.send(bob.request("/admin/account/state")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("HX-Request", "true").header("X-CSRF-Token", bob.csrf())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().strip()).startsWith("<tr id=\"account-hank-example-test\">").endsWith("</tr>")
        .contains("disabled", "name=\"disabled\" value=\"false\"").doesNotContain("<html", "<body");
    assertThat(server.account("hank@example.test").disabled()).isTrue();
  }

  @Test
  void aThousandAccountsAPageAtATime() throws Exception {
    String hash = TestServer.FAST_HASHER.hash("many-secret-01".toCharArray());
    for (int i = 0; i < 1000; i++) {
      server.store().directory().addAccount(String.format("many%04d@example.test", i), hash,
          io.mailcove.store.Role.USER, 0);
    }
    HttpResponse<String> first = bob.get("/admin/accounts?q=many");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("1,000 accounts, page 1 of 20", "many0000@example.test",
        "many0049@example.test", "href=\"/admin/accounts?page=2&amp;q=many\"").doesNotContain("many0050@");
    HttpResponse<String> second = bob.get("/admin/accounts?page=2&q=many");
    assertThat(second.body()).contains("page 2 of 20", "many0050@example.test", "rel=\"prev\"")
        .doesNotContain("many0049@");
    HttpResponse<String> one = bob.get("/admin/accounts?q=MANY0777");
    assertThat(one.body()).contains("1 account, page 1 of 1", "many0777@example.test").doesNotContain("many0778");
  }
}
