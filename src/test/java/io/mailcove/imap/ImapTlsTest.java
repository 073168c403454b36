package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** STARTTLS on 143, implicit TLS on 993, and Angus Mail as a real Java client over both. */
class ImapTlsTest extends ImapTestBase {
  @Test
  void angusMailOverImapsAndStarttls() throws Exception {
    String box;
    try (ImapClient c = alice()) {
      box = freshBox(c, 2);
    }
    Properties p = new Properties();
    p.put("mail.imaps.ssl.trust", "*");
    p.put("mail.imaps.ssl.checkserveridentity", "false");
    p.put("mail.imap.starttls.required", "true");
    p.put("mail.imap.ssl.trust", "*");
    p.put("mail.imap.ssl.checkserveridentity", "false");
    Session session = Session.getInstance(p);
    for (String proto : new String[] {"imaps", "imap"}) {
      Store store = session.getStore(proto);
      store.connect("127.0.0.1", server.port(proto), TestServer.ALICE, TestServer.ALICE_PASSWORD);
      // what a broken TLS session would get wrong: the message count, headers and bodies sent through it
      Folder folder = store.getFolder(box);
      folder.open(Folder.READ_ONLY);
      assertThat(folder.getMessageCount()).as(proto).isEqualTo(2);
      assertThat(folder.getMessage(2).getSubject()).as(proto).isEqualTo("msg 2");
      assertThat(folder.getMessage(1).getContent().toString()).as(proto).contains("body number 1");
      folder.close(false);
      assertThat(store.getDefaultFolder().list("*")).extracting(Folder::getFullName).contains("INBOX", box);
      store.close();
    }
  }

  @Test
  void plaintextLoginRefusedForRemoteUnlessConfigured() throws Exception {
    // loopback is allowed by default; with the option off, LOGIN before STARTTLS is refused
    try (TestServer strict = TestServer.start("[imap]\nallow_plaintext_loopback = false\n");
         ImapClient c = new ImapClient(strict.port("imap"))) {
      assertThat(c.greeting).contains("LOGINDISABLED").doesNotContain("AUTH=PLAIN");
      assertThat(c.command("LOGIN " + TestServer.ALICE + " " + TestServer.ALICE_PASSWORD).tagged())
          .contains("NO [PRIVACYREQUIRED]");
      assertThat(c.command("STARTTLS").tagged()).contains("OK");
    }
  }
}
