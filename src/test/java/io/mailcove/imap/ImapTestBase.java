package io.mailcove.imap;

import io.mailcove.testing.TestServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One server per test class; each test works in its own mailbox so tests do not depend on each other. */
abstract class ImapTestBase {
  static TestServer server;
  static int port;
  private static int boxes;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    port = server.port("imap");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static ImapClient alice() throws IOException {
    return ImapClient.login(port, TestServer.ALICE, TestServer.ALICE_PASSWORD);
  }

  static ImapClient bob() throws IOException {
    return ImapClient.login(port, TestServer.BOB, TestServer.BOB_PASSWORD);
  }

  /** Creates a fresh mailbox with {@code n} messages (subjects "msg 1".."msg n") and selects it. */
  static String freshBox(ImapClient c, int n) throws IOException {
    String name = "T" + (++boxes) + "x" + System.nanoTime() % 100000;
    if (!c.command("CREATE " + name).ok()) {
      throw new IOException("create failed");
    }
    for (int i = 1; i <= n; i++) {
      if (!c.append(name, null, ImapClient.message("msg " + i, "body number " + i)).ok()) {
        throw new IOException("append failed");
      }
    }
    if (!c.command("SELECT " + name).ok()) {
      throw new IOException("select failed");
    }
    return name;
  }
}
