package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.ScramClient;
import io.mailcove.testing.ScramClient.Tamper;
import io.mailcove.testing.ScramClient.Tls;
import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * AUTH SCRAM-SHA-256 and SCRAM-SHA-256-PLUS on submission (RFC 4954, RFC 5802, RFC 7677) with a real client (Python
 * scramp driving smtplib), their refusals, and failed proofs counting toward the ban as wrong passwords do.
 */
class SmtpScramTest {
  static final String CAROL = "carol@example.test";
  static final String CAROL_PASSWORD = "carol-scram-secret";

  @Test
  void scramAndScramPlusLogInOnBothSubmissionPorts() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.createAccountAsAdministrator(CAROL, CAROL_PASSWORD);
      for (Tls tls : new Tls[] {Tls.IMPLICIT, Tls.STARTTLS}) {
        int port = server.port(tls == Tls.IMPLICIT ? "submissions" : "submission");
        for (String mechanism : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"}) {
          Python.Result r = ScramClient.login("smtp", port, tls, mechanism, CAROL, CAROL_PASSWORD, Tamper.NONE);
          assertThat(r.out()).as(tls + " " + mechanism)
              .contains("mechanisms ['LOGIN', 'PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-256-PLUS']",
                  "server signature verified", "result (235, b'2.7.0 Authentication successful')",
                  "mail (250, b'2.1.0");
        }
      }
    }
  }

  @Test
  void refusalsAndTheBan() throws Exception {
    try (TestServer server = TestServer.start("[auth]\nmax_failures_per_ip = 3\n")) {
      server.createAccountAsAdministrator(CAROL, CAROL_PASSWORD);
      int port = server.port("submissions");
      try (RawSmtp c = new RawSmtp(server.port("submission"))) {
        c.read();
        c.cmd("EHLO client.example");
        // no AUTH at all before TLS on 587, SCRAM included
        assertThat(c.cmd("AUTH SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=abc"))).startsWith("538 5.7.11");
      }
      try (RawSmtp c = RawSmtp.tls(port)) {
        c.read();
        c.cmd("EHLO client.example");
        assertThat(c.cmd("AUTH SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=" + "x".repeat(1100))))
            .isEqualTo("501 5.5.2 SCRAM message too long");
        assertThat(c.cmd("AUTH SCRAM-SHA-256")).isEqualTo("334 ");
        assertThat(c.cmd("*")).startsWith("501 5.7.0");
        assertThat(c.cmd("AUTH SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=abc"))).matches("334 [A-Za-z0-9+/=]+");
        assertThat(c.cmd("c=biws,r=abc,p=x")).isEqualTo("501 5.5.2 invalid base64 in the SASL response");
      }
      // malformed exchanges are not login attempts; the wrong password and the tampered proof are: the third bans
      Python.Result wrong = ScramClient.login("smtp", port, Tls.IMPLICIT, "SCRAM-SHA-256-PLUS", CAROL, "wrong-one",
          Tamper.NONE);
      assertThat(wrong.out()).contains("refused (535, b'5.7.8 Authentication credentials invalid')")
          .doesNotContain("server signature verified");
      Python.Result tampered = ScramClient.login("smtp", port, Tls.IMPLICIT, "SCRAM-SHA-256", CAROL, CAROL_PASSWORD,
          Tamper.PROOF);
      assertThat(tampered.out()).contains("refused (535, b'5.7.8 Authentication credentials invalid')");
      Python.Result third = ScramClient.login("smtp", port, Tls.IMPLICIT, "SCRAM-SHA-256", "nobody@example.test",
          "guess", Tamper.NONE);
      assertThat(third.out()).contains("refused (421, b'4.7.0");
      try (RawSmtp c = new RawSmtp(server.port("submission"))) {
        assertThat(c.read()).startsWith("421 mx.example.test 4.7.0");
      }
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
