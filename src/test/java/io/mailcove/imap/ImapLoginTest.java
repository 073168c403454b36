package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Greeting, CAPABILITY, LOGIN, AUTHENTICATE PLAIN (with and without SASL-IR), LOGOUT, wrong state. */
class ImapLoginTest {
  static TestServer server;
  static int port;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    port = server.port("imap");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void greetingAdvertisesCapabilitiesBeforeLogin() throws Exception {
    try (ImapClient c = new ImapClient(port)) {
      assertThat(c.greeting).startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2").contains("STARTTLS", "AUTH=PLAIN",
          "SASL-IR", "LITERAL+");
      ImapClient.Response r = c.command("CAPABILITY");
      assertThat(r.ok()).isTrue();
      assertThat(r.starting("CAPABILITY").get(0)).doesNotContain("QRESYNC");
    }
  }

  @Test
  void loginShowsFullCapabilities() throws Exception {
    try (ImapClient c = new ImapClient(port)) {
      ImapClient.Response r = c.command("LOGIN " + TestServer.ALICE + " " + TestServer.ALICE_PASSWORD);
      assertThat(r.tagged()).contains("OK [CAPABILITY").contains("IDLE", "CONDSTORE", "QRESYNC", "MOVE", "UIDPLUS",
          "COMPRESS=DEFLATE", "OBJECTID", "APPENDLIMIT=", "SPECIAL-USE", "LIST-STATUS", "THREAD=REFERENCES");
      assertThat(c.command("LOGIN x y").tagged()).contains("BAD");
      assertThat(c.command("LOGOUT").lines()).anyMatch(l -> l.startsWith("* BYE"));
    }
  }

  @Test
  void wrongPasswordIsRefused() throws Exception {
    try (ImapClient c = new ImapClient(port)) {
      assertThat(c.command("LOGIN " + TestServer.ALICE + " wrong-password").tagged())
          .contains("NO [AUTHENTICATIONFAILED]");
      assertThat(c.command("SELECT INBOX").tagged()).contains("BAD");
    }
  }

  @Test
  void authenticatePlainWithInitialResponseAndWithContinuation() throws Exception {
    String creds = Base64.getEncoder().encodeToString(("\0" + TestServer.BOB + "\0" + TestServer.BOB_PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    try (ImapClient c = new ImapClient(port)) {
      assertThat(c.command("AUTHENTICATE PLAIN " + creds).ok()).isTrue();
    }
    try (ImapClient c = new ImapClient(port)) {
      String tag = c.nextTag();
      c.send(tag + " AUTHENTICATE PLAIN");
      assertThat(c.readLine()).startsWith("+");
      c.send(creds);
      assertThat(c.readResponse(tag).ok()).isTrue();
    }
    try (ImapClient c = new ImapClient(port)) {
      String tag = c.nextTag();
      c.send(tag + " AUTHENTICATE PLAIN");
      c.readLine();
      c.send("*");
      assertThat(c.readResponse(tag).tagged()).contains("BAD");
    }
  }

  @Test
  void pythonImaplibLogsInAndListsInbox() throws Exception {
    String out = Python.output("""
        import imaplib
        m = imaplib.IMAP4('127.0.0.1', %d)
        print(m.login('%s', '%s')[0])
        typ, data = m.list()
        print(typ, b' '.join(data).decode())
        print(m.logout()[0])
        """.formatted(port, TestServer.ALICE, TestServer.ALICE_PASSWORD));
    assertThat(out).contains("OK").contains("INBOX").contains("BYE");
  }

  @Test
  void idAndNamespace() throws Exception {
    try (ImapClient c = ImapClient.login(port, TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      ImapClient.Response id = c.command("ID (\"name\" \"test\" \"version\" \"1\")");
      assertThat(id.starting("ID").get(0)).contains("Mailcove");
      assertThat(c.command("ID NIL").ok()).isTrue();
      assertThat(c.command("NAMESPACE").starting("NAMESPACE").get(0))
          .isEqualTo("* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))");
      ImapClient.Response en = c.command("ENABLE CONDSTORE UTF8=ACCEPT FOO");
      assertThat(en.starting("ENABLED").get(0)).isEqualTo("* ENABLED CONDSTORE UTF8=ACCEPT");
    }
  }
}
