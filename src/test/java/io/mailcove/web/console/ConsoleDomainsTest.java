package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.admin.DkimKeyView;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Domains in the console over HTTP: list, add (then its DNS records), refusals shown, remove, catch-all. */
class ConsoleDomainsTest {
  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static Browser bob;

  @BeforeAll
  static void logIn() throws Exception {
    bob = new Browser(server.baseUrl());
    bob.login(TestServer.BOB, TestServer.BOB_PASSWORD);
  }

  @Test
  void addADomainAndSeeItsRecords() throws Exception {
    bob.get("/admin/domains");
    HttpResponse<String> added = bob.submit("/admin/domains", Map.of("name", "Shop.Example"));
    assertThat(added.statusCode()).isEqualTo(303);
    assertThat(added.headers().firstValue("Location")).hasValue("/admin/domain?name=shop.example&done=domain_added");
    assertThat(server.store().directory().domain("shop.example")).isPresent();

    HttpResponse<String> page = bob.get("/admin/domain?name=shop.example&done=domain_added");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Domain added. Publish the DNS records below.", "10 mx.example.test.",
        "v=spf1 mx -all", "_dmarc.shop.example.", "v=DMARC1; p=quarantine; rua=mailto:postmaster@shop.example",
        "_mta-sts.shop.example.", "_smtp._tls.shop.example.", "autoconfig.shop.example.",
        "_submission._tcp.shop.example.", "0 1 " + server.port("submission") + " mx.example.test.");
    // the DKIM records are those of the admin service (and of `mailcove dkim show`)
    List<DkimKeyView> keys = server.admin().dkim().list(Actor.localAdministrator(), "shop.example");
    assertThat(keys).hasSize(2);
    for (DkimKeyView k : keys) {
      assertThat(page.body()).contains(k.recordName() + ".", k.recordValue().replace("\"", "&#34;"));
    }
    assertThat(bob.get("/admin/domains").body()).contains("href=\"/admin/domain?name=shop.example\"");
  }

  @Test
  void refusalsAreShownWithTheValueKept() throws Exception {
    bob.get("/admin/domains");
    HttpResponse<String> single = bob.submit("/admin/domains", Map.of("name", "localhost"));
    assertThat(single.statusCode()).isEqualTo(400);
    assertThat(single.body()).contains("Not accepted:", "has a single label", "value=\"localhost\"");

    HttpResponse<String> twice = bob.submit("/admin/domains", Map.of("name", TestServer.DOMAIN));
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.body()).contains("Not possible now:");

    HttpResponse<String> script = bob.submit("/admin/domains", Map.of("name", "<script>x</script>.test"));
    assertThat(script.statusCode()).isEqualTo(400);
    assertThat(script.body()).doesNotContain("<script>x").contains("&lt;script&gt;");

    assertThat(bob.get("/admin/domain?name=unknown.example").statusCode()).isEqualTo(404);
  }

  @Test
  void removeNeedsForceWhileTheDomainHasAccounts() throws Exception {
    server.admin().domains().add(Actor.localAdministrator(), "old.example");
    server.createAccount("someone@old.example", "someone-secret-1");
    bob.get("/admin/domains");
    HttpResponse<String> refused = bob.submit("/admin/domains/remove", Map.of("name", "old.example"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("Not possible now:");
    assertThat(server.store().directory().domain("old.example")).isPresent();

    HttpResponse<String> removed = bob.submit("/admin/domains/remove", Map.of("name", "old.example",
        "force", "true"));
    assertThat(removed.statusCode()).isEqualTo(303);
    assertThat(removed.headers().firstValue("Location")).hasValue("/admin/domains?done=domain_removed");
    assertThat(server.store().directory().domain("old.example")).isEmpty();
    assertThat(server.store().directory().account("someone@old.example")).isEmpty();
    assertThat(bob.get("/admin/domains?done=domain_removed").body()).contains("Domain removed.")
        .doesNotContain("old.example");
  }

  @Test
  void catchAllSetAndRemoved() throws Exception {
    server.admin().domains().add(Actor.localAdministrator(), "catch.example");
    bob.get("/admin/domain?name=catch.example");
    HttpResponse<String> set = bob.submit("/admin/domain/catchall", Map.of("name", "catch.example",
        "targets", TestServer.ALICE + ", " + TestServer.BOB));
    assertThat(set.statusCode()).isEqualTo(303);
    assertThat(server.store().directory().alias("@catch.example")).hasValueSatisfying(a ->
        assertThat(a.targets()).containsExactly(TestServer.ALICE, TestServer.BOB));
    assertThat(bob.get("/admin/domains").body()).contains(TestServer.ALICE + ", " + TestServer.BOB);

    bob.get("/admin/domain?name=catch.example");
    HttpResponse<String> bad = bob.submit("/admin/domain/catchall", Map.of("name", "catch.example",
        "targets", "not an address"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Not accepted:", "value=\"not an address\"");
    assertThat(server.store().directory().alias("@catch.example")).isPresent();

    HttpResponse<String> removed = bob.submit("/admin/domain/catchall", Map.of("name", "catch.example",
        "targets", "", "remove", "true"));
    assertThat(removed.statusCode()).isEqualTo(303);
    assertThat(server.store().directory().alias("@catch.example")).isEmpty();
  }

  @Test
  void anInternationalizedDomainIsShownAsWrittenAndKeptInPunycode() throws Exception {
    bob.get("/admin/domains");
    HttpResponse<String> added = bob.submit("/admin/domains", Map.of("name", "bücher.example"));
    assertThat(added.statusCode()).isEqualTo(303);
    assertThat(added.headers().firstValue("Location"))
        .hasValue("/admin/domain?name=xn--bcher-kva.example&done=domain_added");
    assertThat(server.store().directory().domain("xn--bcher-kva.example")).isPresent();
    HttpResponse<String> list = bob.get("/admin/domains");
    assertThat(list.body()).contains(">bücher.example</a>", "xn--bcher-kva.example");
    assertThat(bob.get("/admin/domain?name=xn--bcher-kva.example").body())
        .contains("<h1>bücher.example</h1>", "_dmarc.xn--bcher-kva.example.");
  }

  @Test
  void chineseDomainPage() throws Exception {
    Browser zh = new Browser("http://127.0.0.1:" + server.port("http")).acceptLanguage("zh-CN,zh;q=0.9");
    zh.login(TestServer.BOB, TestServer.BOB_PASSWORD);
    HttpResponse<String> page = zh.get("/admin/domain?name=" + TestServer.DOMAIN);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("lang=\"zh-CN\"", "需要发布的 DNS 记录", "该域名邮件的投递目标")
        .doesNotContain("??");
  }
}
