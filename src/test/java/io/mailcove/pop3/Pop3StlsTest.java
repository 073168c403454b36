package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** STLS (RFC 2595 §4) on port 110 and implicit TLS on port 995 (RFC 8314), with plaintext logins refused. */
class Pop3StlsTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension("[pop3]\nallow_plaintext_loopback = false\n");

  @BeforeAll
  static void seed() {
    Pop3Fixture.store(server.get(), TestServer.ALICE, Pop3Fixture.message("tls", "secret body\r\n"));
  }

  @Test
  void withoutTlsNoPasswordIsAcceptedOrAdvertised() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("CAPA")).startsWith("+OK");
      assertThat(pop.multilineLines()).contains("STLS").doesNotContain("USER").noneMatch(l -> l.startsWith("SASL"));
      assertThat(pop.command("USER " + TestServer.ALICE)).startsWith("-ERR [AUTH]");
      assertThat(pop.command("AUTH PLAIN " + Pop3LoginTest.plain("", TestServer.ALICE,
          TestServer.ALICE_PASSWORD))).startsWith("-ERR [AUTH]");
      assertThat(pop.command("STAT")).startsWith("-ERR");
    }
  }

  @Test
  void opensslStarttlsThenLogin() throws Exception {
    String script = "CAPA\r\nUSER " + TestServer.ALICE + "\r\nPASS " + TestServer.ALICE_PASSWORD
        + "\r\nSTAT\r\nQUIT\r\n";
    Python.Result r = Python.exec(List.of("openssl", "s_client", "-quiet", "-starttls", "pop3",
        "-connect", "127.0.0.1:" + server.port("pop3")), script);
    assertThat(r.out()).contains("SASL PLAIN").contains("USER").contains("+OK 1 ").contains("+OK bye");
    assertThat(r.out()).doesNotContain("STLS\r\n"); // CAPA after the handshake no longer offers STLS
  }

  @Test
  void pythonPoplibStlsAndImplicitTls() throws Exception {
    Python.Result r = Python.run("""
        import poplib, ssl, sys
        ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
        p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
        p.stls(ctx)
        p.user(sys.argv[3]); p.pass_(sys.argv[4])
        print('stls', p.stat()[0], p.sock.version())
        p.quit()
        s = poplib.POP3_SSL('127.0.0.1', int(sys.argv[2]), context=ctx)
        s.user(sys.argv[3]); s.pass_(sys.argv[4])
        print('pop3s', s.stat()[0], s.sock.version())
        print(b'\\n'.join(s.retr(1)[1]).decode())
        s.quit()
        """, server.port("pop3"), server.port("pop3s"), TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("stls 1 TLSv1.").contains("pop3s 1 TLSv1.").contains("secret body");
  }

  @Test
  void stlsIsRefusedTwiceAndAfterLogin() throws Exception {
    Python.Result r = Python.run("""
        import poplib, ssl, sys
        ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
        s = poplib.POP3_SSL('127.0.0.1', int(sys.argv[1]), context=ctx)
        s._putcmd('STLS'); print(s._getline()[0].decode())
        s.user(sys.argv[2]); s.pass_(sys.argv[3])
        s._putcmd('STLS'); print(s._getline()[0].decode())
        s.quit()
        """, server.port("pop3s"), TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("-ERR TLS is already active").contains("-ERR STLS is only allowed before login");
  }

  @Test
  void commandsPipelinedBehindStlsAreDiscarded() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      // an attacker appends a command in the clear right after STLS; it must not run inside the TLS session
      pop.sendRaw("STLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(pop.line()).isEqualTo("+OK Begin TLS negotiation");
      pop.startTls();
      // had the injected NOOP run, its "-ERR not logged in" would come first
      assertThat(pop.command("CAPA")).isEqualTo("+OK Capability list follows");
      assertThat(pop.multilineLines()).contains("USER").doesNotContain("STLS");
      pop.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
      assertThat(pop.command("STAT")).startsWith("+OK 1 ");
    }
  }
}
