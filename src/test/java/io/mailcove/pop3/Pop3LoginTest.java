package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logging in over POP3: USER/PASS (RFC 1939 §7), AUTH PLAIN (RFC 5034), CAPA (RFC 2449), failures and bans. */
class Pop3LoginTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @Test
  void userAndPassWithPythonPoplib() throws Exception {
    String user = Pop3Fixture.account(server.get(), "poplib", 0);
    Pop3Fixture.store(server.get(), user, Pop3Fixture.message("one", "first\r\n"));
    Pop3Fixture.store(server.get(), user, Pop3Fixture.message("two", "second\r\n"));
    Python.Result r = Python.run("""
        import poplib, sys
        p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
        print(p.getwelcome().decode())
        print(p.user(sys.argv[2]).decode())
        print(p.pass_(sys.argv[3]).decode())
        print('STAT', p.stat())
        print(p.quit().decode())
        """, server.port("pop3"), user, "secret-poplib");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("+OK mx.example.test POP3 ready").contains("STAT (2, ");
  }

  @Test
  void capaOffersPasswordLoginsAndStlsBeforeLoginOnly() throws Exception {
    String user = Pop3Fixture.account(server.get(), "capa", 0);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("CAPA")).startsWith("+OK");
      List<String> before = pop.multilineLines();
      assertThat(before).contains("TOP", "UIDL", "USER", "SASL PLAIN SCRAM-SHA-256", "STLS", "RESP-CODES",
          "AUTH-RESP-CODE", "PIPELINING");
      pop.login(user, "secret-capa");
      assertThat(pop.command("CAPA")).startsWith("+OK");
      List<String> after = pop.multilineLines();
      assertThat(after).contains("TOP", "UIDL").doesNotContain("USER", "STLS").noneMatch(l -> l.startsWith("SASL"));
      assertThat(pop.command("QUIT")).startsWith("+OK");
    }
  }

  @Test
  void authPlainWithInitialResponse() throws Exception {
    String user = Pop3Fixture.account(server.get(), "plainir", 0);
    Pop3Fixture.store(server.get(), user, Pop3Fixture.message("ir", "body\r\n"));
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("AUTH PLAIN " + plain("", user, "secret-plainir"))).startsWith("+OK");
      assertThat(pop.command("STAT")).matches("\\+OK 1 \\d+");
    }
  }

  @Test
  void authPlainWithContinuationAndCancel() throws Exception {
    String user = Pop3Fixture.account(server.get(), "plaincont", 0);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("AUTH PLAIN")).isEqualTo("+ ");
      assertThat(pop.command("*")).startsWith("-ERR"); // RFC 5034 §4: the client cancels
      assertThat(pop.command("AUTH PLAIN")).isEqualTo("+ ");
      assertThat(pop.command(plain(user, user, "secret-plaincont"))).startsWith("+OK");
      assertThat(pop.command("STAT")).isEqualTo("+OK 0 0");
    }
  }

  @Test
  void authPlainRefusesToActAsAnotherUser() throws Exception {
    String user = Pop3Fixture.account(server.get(), "authzid", 0);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("AUTH PLAIN " + plain(TestServer.BOB, user, "secret-authzid")))
          .startsWith("-ERR [AUTH]");
      assertThat(pop.command("STAT")).startsWith("-ERR");
      assertThat(pop.command("AUTH")).isEqualTo("+OK");
      assertThat(pop.multilineLines()).containsExactly("PLAIN", "SCRAM-SHA-256"); // no -PLUS without TLS
    }
  }

  @Test
  void wrongPasswordIsAnAuthErrorAndTheSessionMayRetry() throws Exception {
    String user = Pop3Fixture.account(server.get(), "retry", 0);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("USER " + user)).startsWith("+OK");
      assertThat(pop.command("PASS not-the-password")).startsWith("-ERR [AUTH]");
      assertThat(pop.command("PASS secret-retry")).startsWith("-ERR"); // PASS must follow USER again
      pop.login(user, "secret-retry");
      assertThat(pop.command("STAT")).isEqualTo("+OK 0 0");
    }
  }

  @Test
  void unknownUserGetsTheSameAnswerAsAWrongPassword() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("USER nobody@example.test")).isEqualTo("+OK send PASS");
      assertThat(pop.command("PASS whatever-it-is")).isEqualTo("-ERR [AUTH] invalid login name or password");
    }
  }

  @Test
  void angusMailReadsTheMaildrop() throws Exception {
    String user = Pop3Fixture.account(server.get(), "angus", 0);
    Pop3Fixture.store(server.get(), user, Pop3Fixture.message("hello from pop3", "text\r\n"));
    Properties props = new Properties();
    props.put("mail.pop3.host", "127.0.0.1");
    props.put("mail.pop3.port", String.valueOf(server.port("pop3")));
    Store store = Session.getInstance(props).getStore("pop3");
    store.connect(user, "secret-angus");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      assertThat(inbox.getMessage(1).getSubject()).isEqualTo("hello from pop3");
      inbox.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void curlListsTheMaildrop() throws Exception {
    String user = Pop3Fixture.account(server.get(), "curl", 0);
    String msg = Pop3Fixture.message("curl", "abc\r\n");
    Pop3Fixture.store(server.get(), user, msg);
    Python.Result r = Python.exec(List.of("curl", "-sS", "--max-time", "20", "-u", user + ":secret-curl",
        "pop3://127.0.0.1:" + server.port("pop3") + "/"), null);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out().trim()).isEqualTo("1 " + msg.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void repeatedFailuresBanTheAddressForEveryProtocol() throws Exception {
    try (TestServer strict = TestServer.start("[auth]\nmax_failures_per_ip = 2\n")) {
      int p = strict.port("pop3");
      try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(p)) {
        pop.command("USER " + TestServer.ALICE);
        assertThat(pop.command("PASS wrong-1")).startsWith("-ERR [AUTH]");
        pop.command("USER " + TestServer.ALICE);
        assertThat(pop.command("PASS wrong-2")).startsWith("-ERR [SYS/TEMP]");
        assertThat(pop.closedByServer()).isTrue();
      }
      try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(p)) {
        assertThat(pop.greeting).startsWith("-ERR [SYS/TEMP]");
      }
      try (Pop3Fixture.RawPop3 smtp = new Pop3Fixture.RawPop3(strict.port("smtp"))) {
        assertThat(smtp.greeting).startsWith("421"); // the ban is shared with SMTP
      }
    }
  }

  static String plain(String authzid, String authcid, String password) {
    return Base64.getEncoder().encodeToString((authzid + "\0" + authcid + "\0" + password)
        .getBytes(StandardCharsets.UTF_8));
  }
}
