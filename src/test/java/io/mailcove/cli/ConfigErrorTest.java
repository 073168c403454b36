package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.server.ListenerSettings;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad configuration stops {@code mailcove serve} with exit code 2 and one message naming the key, the file and
 * line, and the fix.
 */
class ConfigErrorTest {
  @TempDir
  Path dir;

  /** Every listener on a free loopback port, so that a configuration that does start harms nothing. */
  private static String loopbackListeners() {
    StringBuilder s = new StringBuilder("[listeners]\n");
    for (String name : ListenerSettings.STANDARD.keySet()) {
      s.append(name).append(" = \"127.0.0.1:0\"\n");
    }
    return s.toString();
  }

  private Cli.Result serve(String toml) throws Exception {
    Path file = dir.resolve("mailcove.toml");
    Files.writeString(file, toml);
    return Cli.raw("", "serve", "-c", file.toString());
  }

  @Test
  void unknownKey() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\nhostnme = \"mx.example.test\"\n" + loopbackListeners());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains(dir.resolve("mailcove.toml") + ":2:").contains("unknown key hostnme")
        .contains("hostname");
  }

  @Test
  void unknownKeyInASection() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners() + "[auth]\nban_tme = \"1h\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("mailcove.toml:" + (ListenerSettings.STANDARD.size() + 4) + ":")
        .contains("unknown key auth.ban_tme").contains("ban_time");
  }

  @Test
  void wrongType() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners() + "[auth]\nmin_password_length = \"ten\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("mailcove.toml:" + (ListenerSettings.STANDARD.size() + 4) + ":")
        .contains("auth.min_password_length").contains("\"ten\"").contains("whole number");
  }

  @Test
  void missingCertificateFile() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners()
        + "[tls]\nmode = \"files\"\ncert = \"/etc/letsencrypt/live/nowhere.example/fullchain.pem\"\n"
        + "key = \"/etc/letsencrypt/live/nowhere.example/privkey.pem\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("mailcove.toml:" + (ListenerSettings.STANDARD.size() + 5) + ":")
        .contains("tls.cert").contains("nowhere.example/fullchain.pem").contains("self-signed");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a server that starts would serve for ever
  void certificateWithAnotherCertificatesKey() throws Exception {
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    io.mailcove.tls.TlsManager.writeSelfSigned(one.resolve("fullchain.pem"), one.resolve("privkey.pem"),
        "one.example.test");
    io.mailcove.tls.TlsManager.writeSelfSigned(two.resolve("fullchain.pem"), two.resolve("privkey.pem"),
        "two.example.test");
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners() + "[tls]\nmode = \"files\"\ncert = \""
        + one.resolve("fullchain.pem") + "\"\nkey = \"" + two.resolve("privkey.pem") + "\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("tls.cert").contains("two/privkey.pem does not match the certificate in")
        .contains("one/fullchain.pem");
  }

  @Test
  void plaintextRelayToARemoteHost() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners()
        + "[[relay]]\nhost = \"smtp.sendgrid.net\"\nport = 25\ntls = \"none\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("mailcove.toml:" + (ListenerSettings.STANDARD.size() + 6) + ":")
        .contains("tls").contains("\"smtp.sendgrid.net\" is not a loopback or private IP address")
        .contains("use tls = \"starttls\" or \"implicit\"");
  }

  @Test
  void plaintextRelayWithAPassword() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners()
        + "[[relay]]\nhost = \"127.0.0.1\"\nport = 2525\ntls = \"none\"\nusername = \"u\"\npassword = \"p\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("tls").contains("would send the relay password in the clear")
        .contains("use tls = \"starttls\" or \"implicit\"");
  }

  @Test
  void imapAutologoutShorterThanTheRfcAllows() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners() + "[imap]\nidle_timeout = \"5m\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("imap.idle_timeout").contains("shorter than 30 minutes")
        .contains("RFC 9051 §5.4 requires at least 30m");
  }

  @Test
  void pop3AutologoutShorterThanTheRfcAllows() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n" + loopbackListeners() + "[pop3]\nidle_timeout = \"1m\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("pop3.idle_timeout").contains("shorter than 10 minutes");
  }

  @Test
  void malformedListenerAddress() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n[listeners]\nsmtp = \"port 25\"\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("mailcove.toml:3:").contains("listeners.smtp").contains("host:port");
  }

  @Test
  void portInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      StringBuilder toml = new StringBuilder("data_dir = \"data\"\n[listeners]\nsmtp = \"127.0.0.1:" + port + "\"\n");
      for (String name : ListenerSettings.STANDARD.keySet()) {
        if (!name.equals("smtp")) {
          toml.append(name).append(" = \"127.0.0.1:0\"\n");
        }
      }
      Cli.Result r = serve(toml.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.message()).contains(dir.resolve("mailcove.toml") + ":3:").contains("listeners.smtp")
          .contains("127.0.0.1:" + port).contains("in use")
          .contains("stop the program that holds port " + port).contains("or choose another address");
    }
  }

  @Test
  void tomlSyntaxError() throws Exception {
    Cli.Result r = serve("data_dir = \"data\"\n[auth\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("mailcove.toml:2:").contains("TOML syntax");
  }

  @Test
  void missingConfigurationFile() {
    Cli.Result r = Cli.raw("", "serve", "-c", dir.resolve("nope.toml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("nope.toml").contains("not found").contains("mailcove.example.toml");
  }
}
