package io.mailcove.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.testing.Python;
import io.mailcove.testing.ScramClient;
import io.mailcove.testing.ScramClient.Tamper;
import io.mailcove.testing.ScramClient.Tls;
import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The SCRAM-SHA-256 keys beside the Argon2id hash: derived as RFC 5802 §3 says (checked against RFC 7677 §3's
 * example), made when a password is set, replaced when it changes, and added to an account made before SCRAM at its
 * first password login.
 */
class ScramKeysTest {
  @Test
  void keysCheckTheProofOfRfc7677sExample() {
    ScramCredentials keys = ScramCredentials.derive("pencil".toCharArray(),
        Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    String nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    byte[] authMessage = ("n=user,r=rOprNGfwEbeRWgbNEkqO,r=" + nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r="
        + nonce).getBytes(StandardCharsets.US_ASCII);
    byte[] clientKey = ScramCredentials.hmac(keys.storedKey(), authMessage);
    byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    for (int i = 0; i < clientKey.length; i++) {
      clientKey[i] ^= proof[i];
    }
    assertThat(MessageDigest.isEqual(ScramCredentials.sha256(clientKey), keys.storedKey())).isTrue();
    assertThat(Base64.getEncoder().encodeToString(ScramCredentials.hmac(keys.serverKey(), authMessage)))
        .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    ScramCredentials again = ScramCredentials.decode(keys.encode());
    assertThat(again.storedKey()).isEqualTo(keys.storedKey());
    assertThat(again.serverKey()).isEqualTo(keys.serverKey());
    assertThat(again.iterations()).isEqualTo(4096);
    assertThat(ScramCredentials.decode("SCRAM-SHA-256$4096:c2FsdA==$AAAA:AAAA")).isNull();
    assertThat(ScramCredentials.decode("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")).isNull();
  }

  @Test
  void tlsServerEndPointHashesWithTheCertificatesSignatureHash() {
    // RFC 5929 §4.1: MD5 and SHA-1 are replaced by SHA-256; no binding where the algorithm names no hash
    assertThat(ChannelBindings.signatureHash("SHA256withECDSA")).isEqualTo("SHA-256");
    assertThat(ChannelBindings.signatureHash("SHA384withRSA")).isEqualTo("SHA-384");
    assertThat(ChannelBindings.signatureHash("SHA512withECDSA")).isEqualTo("SHA-512");
    assertThat(ChannelBindings.signatureHash("SHA1withRSA")).isEqualTo("SHA-256");
    assertThat(ChannelBindings.signatureHash("MD5withRSA")).isEqualTo("SHA-256");
    assertThat(ChannelBindings.signatureHash("Ed25519")).isNull();
    assertThat(ChannelBindings.signatureHash("RSASSA-PSS")).isNull();
    assertThat(ChannelBindings.of(null).types()).isEmpty();
  }

  @Test
  void aPasswordBeyondAsciiIsPreparedAsTheClientPreparesIt() throws Exception {
    // SASLprep (RFC 4013): the no-break space maps to a space, the ligature to "fi", the soft hyphen to nothing
    String password = "Stra\u00dfe\u00a0\ufb01sh\u00ad-42";
    try (TestServer server = TestServer.start()) {
      server.createAccountAsAdministrator("erin@example.test", password);
      assertThat(ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256", "erin@example.test",
          password, Tamper.NONE).out()).contains("server signature verified", "result ('OK'");
      assertThat(ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256", "erin@example.test",
          "Stra\u00dfe fish-42", Tamper.NONE).out()).contains("server signature verified", "result ('OK'");
    }
  }

  @Test
  void anAccountMadeBeforeScramGainsKeysAtItsFirstPasswordLogin() throws Exception {
    try (TestServer server = TestServer.start()) {
      // the fixture's accounts are stored as before SCRAM: an Argon2id hash only
      assertThat(server.account(TestServer.ALICE).scramSha256()).isNull();
      Python.Result before = ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256",
          TestServer.ALICE, TestServer.ALICE_PASSWORD, Tamper.NONE);
      assertThat(before.out()).contains("refused [AUTHENTICATIONFAILED]");
      // one AUTH PLAIN (smtplib's login picks PLAIN) with the right password
      Python.Result plain = Python.run("""
          import smtplib, ssl, sys
          ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
          s = smtplib.SMTP_SSL('127.0.0.1', int(sys.argv[1]), context=ctx)
          print(s.login(sys.argv[2], sys.argv[3]))
          s.quit()
          """, server.port("submissions"), TestServer.ALICE, TestServer.ALICE_PASSWORD);
      assertThat(plain.out()).contains("(235, b'2.7.0 Authentication successful')");
      String stored = server.account(TestServer.ALICE).scramSha256();
      assertThat(stored).startsWith("SCRAM-SHA-256$4096:").doesNotContain(TestServer.ALICE_PASSWORD);
      for (String protocol : new String[] {"imap", "smtp", "pop3"}) {
        int port = server.port(switch (protocol) {
          case "imap" -> "imaps";
          case "smtp" -> "submissions";
          default -> "pop3s";
        });
        Python.Result after = ScramClient.login(protocol, port, Tls.IMPLICIT, "SCRAM-SHA-256-PLUS", TestServer.ALICE,
            TestServer.ALICE_PASSWORD, Tamper.NONE);
        assertThat(after.out()).as(protocol).contains("server signature verified").doesNotContain("refused");
      }
      // a wrong password does not touch them, and a later login does not make new ones
      Python.Result wrong = ScramClient.login("pop3", server.port("pop3s"), Tls.IMPLICIT, "SCRAM-SHA-256",
          TestServer.ALICE, "wrong-password", Tamper.NONE);
      assertThat(wrong.out()).contains("-ERR [AUTH]");
      assertThat(server.account(TestServer.ALICE).scramSha256()).isEqualTo(stored);
    }
  }

  @Test
  void keysAreMadeWithThePasswordAndReplacedWithIt() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.createAccountAsAdministrator("dave@example.test", "first-password-1");
      assertThat(server.account("dave@example.test").scramSha256()).startsWith("SCRAM-SHA-256$4096:");
      assertThat(ScramClient.login("smtp", server.port("submissions"), Tls.IMPLICIT, "SCRAM-SHA-256",
          "dave@example.test", "first-password-1", Tamper.NONE).out()).contains("result (235");
      server.admin().accounts().setPassword(Actor.localAdministrator(), "dave@example.test",
          "second-password-2".toCharArray());
      assertThat(ScramClient.login("smtp", server.port("submissions"), Tls.IMPLICIT, "SCRAM-SHA-256",
          "dave@example.test", "first-password-1", Tamper.NONE).out()).contains("refused (535");
      assertThat(ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256-PLUS",
          "dave@example.test", "second-password-2", Tamper.NONE).out()).contains("server signature verified",
          "result ('OK'");
    }
  }
}
