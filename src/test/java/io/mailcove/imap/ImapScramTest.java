package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.ChannelBindings;
import io.mailcove.testing.Python;
import io.mailcove.testing.ScramClient;
import io.mailcove.testing.ScramClient.Tamper;
import io.mailcove.testing.ScramClient.Tls;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TrustAllTls;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AUTHENTICATE SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677) with a real client (Python scramp driving
 * imaplib), channel binding to tls-server-end-point (RFC 5929) and tls-exporter (RFC 9266, openssl as the TLS
 * client), refusals, and the protocol's edges on a raw socket.
 */
class ImapScramTest {
  static final String CAROL = "carol@example.test";
  static final String CAROL_PASSWORD = "carol-scram-secret";
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    server.createAccountAsAdministrator(CAROL, CAROL_PASSWORD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void scramAndScramPlusLogInOverImplicitTlsAndStartTls() throws Exception {
    for (Tls tls : new Tls[] {Tls.IMPLICIT, Tls.STARTTLS}) {
      int port = server.port(tls == Tls.IMPLICIT ? "imaps" : "imap");
      for (String mechanism : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"}) {
        Python.Result r = ScramClient.login("imap", port, tls, mechanism, CAROL, CAROL_PASSWORD, Tamper.NONE);
        assertThat(r.out()).as(tls + " " + mechanism)
            .contains("mechanisms ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-256-PLUS']", "server signature verified",
                "result ('OK', [b'[CAPABILITY IMAP4rev1", "selected ('OK'");
      }
    }
  }

  @Test
  void plaintextOffersScramWherePlainIsOfferedButNeverPlus() throws Exception {
    // loopback plaintext is allowed by default (imap.allow_plaintext_loopback); nothing to bind to without TLS
    Python.Result r = ScramClient.login("imap", server.port("imap"), Tls.PLAIN, "SCRAM-SHA-256", CAROL,
        CAROL_PASSWORD, Tamper.NONE);
    assertThat(r.out()).contains("mechanisms ['PLAIN', 'SCRAM-SHA-256']", "server signature verified",
        "result ('OK'");
    try (TestServer strict = TestServer.start("[imap]\nallow_plaintext_loopback = false\n");
         ImapClient c = new ImapClient(strict.port("imap"))) {
      assertThat(c.greeting).contains("LOGINDISABLED").doesNotContain("AUTH=");
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=abc")).tagged())
          .contains("NO [PRIVACYREQUIRED]");
    }
  }

  @Test
  void plusBindsToTheTlsExporterWhereTheJdkExportsKeyingMaterial() throws Exception {
    Python.Result right = ScramClient.imapTlsExporter(server.port("imaps"), CAROL, CAROL_PASSWORD, false);
    Python.Result wrong = ScramClient.imapTlsExporter(server.port("imaps"), CAROL, CAROL_PASSWORD, true);
    assertThat(right.out()).contains("exported 32");
    if (ChannelBindings.exporterAvailable()) { // JDK 25 and later
      assertThat(right.out()).contains("server signature verified", "result a OK [CAPABILITY");
      // the proof was computed over other binding data: a man in the middle's connection, not ours
      assertThat(wrong.out()).contains("result a NO [AUTHENTICATIONFAILED]")
          .doesNotContain("server signature verified");
    } else {
      assertThat(right.out()).contains("result a BAD channel binding type not supported: tls-exporter");
    }
  }

  @Test
  void wrongPasswordAndTamperedProofAreRefused() throws Exception {
    int port = server.port("imaps");
    Python.Result wrong = ScramClient.login("imap", port, Tls.IMPLICIT, "SCRAM-SHA-256-PLUS", CAROL,
        "not-carols-password", Tamper.NONE);
    assertThat(wrong.out()).contains("refused [AUTHENTICATIONFAILED] Invalid credentials")
        .doesNotContain("server signature verified");
    Python.Result tampered = ScramClient.login("imap", port, Tls.IMPLICIT, "SCRAM-SHA-256", CAROL, CAROL_PASSWORD,
        Tamper.PROOF);
    assertThat(tampered.out()).contains("refused [AUTHENTICATIONFAILED] Invalid credentials")
        .doesNotContain("server signature verified");
    Python.Result unknown = ScramClient.login("imap", port, Tls.IMPLICIT, "SCRAM-SHA-256", "nobody@example.test",
        CAROL_PASSWORD, Tamper.NONE);
    assertThat(unknown.out()).contains("refused [AUTHENTICATIONFAILED] Invalid credentials");
  }

  @Test
  void protocolEdgesOnARawSocket() throws Exception {
    try (ImapClient c = new ImapClient(server.port("imap"))) {
      // nothing to bind to without TLS
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256-PLUS " + b64("p=tls-server-end-point,,n=" + CAROL + ",r=a"))
          .tagged()).contains("NO [CANNOT]");
      // the client-first message is small: a big one is refused before anything is looked up
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=" + "x".repeat(1100)))
          .tagged()).contains("BAD SCRAM message too long");
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256 " + b64("n,,r=abc,n=" + CAROL)).tagged()).contains("BAD");
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256 " + b64("n,,m=ext,n=" + CAROL + ",r=abc")).tagged())
          .contains("BAD SCRAM extensions are not supported");
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256 " + b64("n,a=bob@example.test,n=" + CAROL + ",r=abc"))
          .tagged()).contains("BAD acting as another user is not allowed");
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256 !!!").tagged()).contains("BAD invalid base64");
      // a continuation line longer than any SCRAM message
      String tag = c.nextTag();
      c.send(tag + " AUTHENTICATE SCRAM-SHA-256");
      assertThat(c.readLine()).isEqualTo("+ ");
      c.send("A".repeat(8000));
      assertThat(c.readResponse(tag).tagged()).contains("BAD SASL response too long");
      // the nonce of the final message must be the one the server made
      tag = c.nextTag();
      c.send(tag + " AUTHENTICATE SCRAM-SHA-256 " + b64("n,,n=" + CAROL + ",r=abc"));
      String serverFirst = new String(Base64.getDecoder().decode(c.readLine().substring(2)), StandardCharsets.UTF_8);
      assertThat(serverFirst).matches("r=abc[^,]+,s=[^,]+,i=4096");
      c.send(b64("c=biws,r=abcdef,p=" + Base64.getEncoder().encodeToString(new byte[32])));
      assertThat(c.readResponse(tag).tagged()).contains("BAD SCRAM nonce does not match");
      // cancelled by the client (RFC 4422 §3.5)
      tag = c.nextTag();
      c.send(tag + " AUTHENTICATE SCRAM-SHA-256");
      assertThat(c.readLine()).isEqualTo("+ ");
      c.send("*");
      assertThat(c.readResponse(tag).tagged()).contains("BAD Authentication cancelled");
      // none of that was a login attempt, and the session still takes one
      assertThat(c.command("LOGIN " + CAROL + " " + CAROL_PASSWORD).tagged()).contains("OK");
    }
    // RFC 5802 §6: "y" says the client could bind but thinks we cannot; over TLS we can, so this is a downgrade
    try (ImapClient c = new ImapClient(TrustAllTls.context().getSocketFactory().createSocket("127.0.0.1",
        server.port("imaps")))) {
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256 " + b64("y,,n=" + CAROL + ",r=abc")).tagged())
          .contains("BAD the server does support channel binding");
      assertThat(c.command("AUTHENTICATE SCRAM-SHA-256-PLUS " + b64("p=tls-unique,,n=" + CAROL + ",r=abc"))
          .tagged()).contains("BAD channel binding type not supported: tls-unique");
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
