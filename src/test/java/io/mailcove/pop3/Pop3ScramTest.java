package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.ScramClient;
import io.mailcove.testing.ScramClient.Tamper;
import io.mailcove.testing.ScramClient.Tls;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AUTH SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5034, RFC 5802, RFC 7677) with a real client (Python scramp over
 * poplib's connection) on 995, after STLS and on loopback plaintext, and their refusals.
 */
class Pop3ScramTest {
  static final String CAROL = "carol@example.test";
  static final String CAROL_PASSWORD = "carol-scram-secret";

  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @BeforeAll
  static void carol() {
    server.get().createAccountAsAdministrator(CAROL, CAROL_PASSWORD);
    Pop3Fixture.store(server.get(), CAROL, Pop3Fixture.message("for carol", "body\r\n"));
  }

  @Test
  void scramAndScramPlusOpenTheMaildrop() throws Exception {
    for (Tls tls : new Tls[] {Tls.IMPLICIT, Tls.STARTTLS}) {
      int port = server.port(tls == Tls.IMPLICIT ? "pop3s" : "pop3");
      for (String mechanism : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"}) {
        Python.Result r = ScramClient.login("pop3", port, tls, mechanism, CAROL, CAROL_PASSWORD, Tamper.NONE);
        assertThat(r.out()).as(tls + " " + mechanism)
            .contains("mechanisms ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-256-PLUS']", "server signature verified",
                "result +OK", "stat (1, ");
      }
    }
    // loopback plaintext (pop3.allow_plaintext_loopback): SCRAM where PLAIN is, never -PLUS
    Python.Result plain = ScramClient.login("pop3", server.port("pop3"), Tls.PLAIN, "SCRAM-SHA-256", CAROL,
        CAROL_PASSWORD, Tamper.NONE);
    assertThat(plain.out()).contains("mechanisms ['PLAIN', 'SCRAM-SHA-256']", "server signature verified",
        "stat (1, ");
  }

  @Test
  void wrongPasswordAndTamperedProofAreRefused() throws Exception {
    Python.Result wrong = ScramClient.login("pop3", server.port("pop3s"), Tls.IMPLICIT, "SCRAM-SHA-256-PLUS", CAROL,
        "not-carols-password", Tamper.NONE);
    assertThat(wrong.out()).contains("result -ERR [AUTH] invalid login name or password")
        .doesNotContain("server signature verified", "stat (");
    Python.Result tampered = ScramClient.login("pop3", server.port("pop3s"), Tls.IMPLICIT, "SCRAM-SHA-256", CAROL,
        CAROL_PASSWORD, Tamper.PROOF);
    assertThat(tampered.out()).contains("result -ERR [AUTH] invalid login name or password")
        .doesNotContain("server signature verified");
  }

  @Test
  void protocolEdges() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("AUTH SCRAM-SHA-256-PLUS")).startsWith("-ERR unsupported SASL mechanism");
      assertThat(pop.command("AUTH SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=" + "x".repeat(1100))))
          .isEqualTo("-ERR SCRAM message too long");
      assertThat(pop.command("AUTH SCRAM-SHA-256")).isEqualTo("+ ");
      assertThat(pop.command("*")).isEqualTo("-ERR authentication cancelled");
      assertThat(pop.command("AUTH SCRAM-SHA-256")).isEqualTo("+ ");
      assertThat(pop.command("A".repeat(3000))).isEqualTo("-ERR line too long");
      assertThat(pop.command("AUTH SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=abc"))).matches("\\+ \\S+");
      assertThat(pop.command(b64("c=biws,r=abc,p=" + Base64.getEncoder().encodeToString(new byte[32]))))
          .isEqualTo("-ERR SCRAM nonce does not match");
      assertThat(pop.command("STAT")).startsWith("-ERR");
      pop.login(CAROL, CAROL_PASSWORD);
      assertThat(pop.command("STAT")).startsWith("+OK 1 ");
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
