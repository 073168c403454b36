package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.config.Config;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.MailServer;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AUTH PLAIN and LOGIN (RFC 4954), only over TLS on submission, and the ban after repeated failures. */
class SmtpAuthTest {
  static String plain(String user, String password) {
    return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pythonLogsInWithPlainAndLoginOnBothSubmissionPorts() throws Exception {
    try (TestServer server = TestServer.start()) {
      for (String mech : new String[] {"PLAIN", "LOGIN"}) {
        Python.Result r = Python.run("""
            import smtplib, ssl, sys
            ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
            s = smtplib.SMTP_SSL('127.0.0.1', int(sys.argv[1]), context=ctx)
            s.ehlo()
            s.user, s.password = sys.argv[3], sys.argv[4]
            print('465', s.auth(sys.argv[2], getattr(s, 'auth_' + sys.argv[2].lower()), initial_response_ok=False))
            s.quit()
            s = smtplib.SMTP('127.0.0.1', int(sys.argv[5]))
            s.starttls(context=ctx)
            print('587', s.login(sys.argv[3], sys.argv[4]))
            s.quit()
            """, String.valueOf(server.port("submissions")), mech, TestServer.ALICE, TestServer.ALICE_PASSWORD,
            String.valueOf(server.port("submission")));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("465 (235, b'2.7.0 Authentication successful')",
            "587 (235, b'2.7.0 Authentication successful')");
      }
    }
  }

  @Test
  void protocolEdges() throws Exception {
    try (TestServer server = TestServer.start()) {
      try (RawSmtp c = new RawSmtp(server.port("submission"))) {
        c.read();
        c.cmd("EHLO client.example");
        // RFC 4954 §4 / RFC 8314: no password over plaintext
        assertThat(c.cmd("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD))).startsWith("538 5.7.11");
        assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("530 5.7.0");
      }
      try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
        c.read();
        c.cmd("EHLO client.example");
        assertThat(c.cmd("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD))).startsWith("503");
      }
      try (RawSmtp c = RawSmtp.tls(server.port("submissions"))) {
        c.read();
        assertThat(c.cmd("AUTH PLAIN")).startsWith("503 5.5.1"); // EHLO first
        c.cmd("EHLO client.example");
        assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("530 5.7.0");
        assertThat(c.cmd("AUTH CRAM-MD5")).startsWith("504 5.5.4");
        assertThat(c.cmd("AUTH PLAIN")).isEqualTo("334 ");
        assertThat(c.cmd("*")).startsWith("501 5.7.0");
        assertThat(c.cmd("AUTH PLAIN !!!notbase64")).startsWith("501 5.5.2");
        assertThat(c.cmd("AUTH PLAIN " + b64("bob@example.test\0alice@example.test\0" + TestServer.ALICE_PASSWORD)))
            .startsWith("535 5.7.8");
        assertThat(c.cmd("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(c.cmd(b64(TestServer.ALICE))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(c.cmd(b64("wrong"))).startsWith("535 5.7.8");
        assertThat(c.cmd("AUTH LOGIN " + b64(TestServer.ALICE))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(c.cmd(b64(TestServer.ALICE_PASSWORD))).startsWith("235 2.7.0");
        assertThat(c.cmd("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD))).startsWith("503 5.5.1");
        assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("250");
      }
    }
  }

  @Test
  void disabledAccountCannotLogIn() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.store().directory().setDisabled(TestServer.BOB, true);
      try (RawSmtp c = RawSmtp.tls(server.port("submissions"))) {
        c.read();
        c.cmd("EHLO client.example");
        assertThat(c.cmd("AUTH PLAIN " + plain(TestServer.BOB, TestServer.BOB_PASSWORD))).startsWith("535 5.7.8");
      }
    }
  }

  @Test
  void repeatedFailuresBanTheAddressAcrossRestarts() throws Exception {
    try (TestServer server = TestServer.start("[auth]\nmax_failures_per_ip = 3\n")) {
      try (RawSmtp c = RawSmtp.tls(server.port("submissions"))) {
        c.read();
        c.cmd("EHLO client.example");
        assertThat(c.cmd("AUTH PLAIN " + plain(TestServer.ALICE, "wrong-1"))).startsWith("535");
        assertThat(c.cmd("AUTH PLAIN " + plain("nobody@example.test", "wrong-2"))).startsWith("535");
        assertThat(c.cmd("AUTH PLAIN " + plain(TestServer.ALICE, "wrong-3"))).startsWith("421 4.7.0");
        assertThat(c.closedByServer()).isTrue();
      }
      for (String port : new String[] {"smtp", "submission"}) {
        try (RawSmtp c = new RawSmtp(server.port(port))) {
          assertThat(c.read()).startsWith("421 mx.example.test 4.7.0");
        }
      }
      // the ban is in the store: a new server on the same data folder still refuses
      server.server().close();
      Config config = Config.load(server.dir().resolve("mailcove.toml"), Map.of());
      try (MailServer again = io.mailcove.app.Application.create(config, server.store(), ListenerSettings.DEMO).server()) {
        again.start();
        try (RawSmtp c = new RawSmtp(again.service("smtp").address().getPort())) {
          assertThat(c.read()).startsWith("421 mx.example.test 4.7.0");
        }
        // an administrator lifts it
        assertThat(server.store().bans().unban(InetAddress.getLoopbackAddress().getHostAddress())).isTrue();
        try (RawSmtp c = new RawSmtp(again.service("smtp").address().getPort())) {
          assertThat(c.read()).startsWith("220 ");
        }
      }
    }
  }

  @Test
  void failuresAgainstOneAccountFromManyAddressesBanTheAddressThatReachesTheLimit() throws Exception {
    // a password-guessing botnet spreads its tries over many addresses, each below max_failures_per_ip
    try (TestServer server = TestServer.start("[auth]\nmax_failures_per_ip = 100\nmax_failures_per_account = 3\n"
        + "[smtp]\nloopback_plaintext_auth = true\n")) {
      int port = server.port("submission");
      for (String from : new String[] {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
        try (RawSmtp c = new RawSmtp(port, from)) {
          c.read();
          c.cmd("EHLO client.example");
          String reply = c.cmd("AUTH PLAIN " + plain(TestServer.ALICE, "guess-from-" + from));
          assertThat(reply).as(from).startsWith(from.equals("127.0.0.4") ? "421 4.7.0" : "535 5.7.8");
        }
      }
      try (RawSmtp c = new RawSmtp(port, "127.0.0.4")) {
        assertThat(c.read()).as("the address that reached the account's limit is banned").startsWith("421");
      }
      try (RawSmtp c = new RawSmtp(port, "127.0.0.2")) {
        assertThat(c.read()).as("an address below both limits is not").startsWith("220");
      }
      // the account itself is not locked: its owner still logs in
      try (RawSmtp c = new RawSmtp(port, "127.0.0.1")) {
        c.read();
        c.cmd("EHLO client.example");
        assertThat(c.cmd("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD))).startsWith("235");
      }
    }
  }
}
