package io.mailcove.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process-wide log format and levels, as {@code mailcove} configures them. */
class LogSetupTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private static final Log LOG = Log.of(LogSetupTest.class);

  @AfterEach
  void restore() {
    LogSetup.configure(false);
  }

  @Test
  void oneStructuredLinePerEvent() {
    LogSetup.configure(false, out);
    LOG.info("smtp.accepted", "cid", "k3x9", "from", "a@example.test", "subject", "two words");
    assertThat(text()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  smtp\\.accepted cid=k3x9 "
        + "from=a@example\\.test subject=\"two words\"\\R");
  }

  @Test
  void quietByDefault() {
    LogSetup.configure(false, out);
    LOG.debug("imap.fetch", "cid", "a1");
    Logger.getLogger("com.zaxxer.hikari.HikariDataSource").info("HikariPool-1 - Starting...");
    Logger.getLogger("org.flywaydb.core.FlywayExecutor").info("Database: jdbc:sqlite:...");
    Logger.getLogger("org.sqlite.core").warning("database is locked");
    assertThat(text()).doesNotContain("imap.fetch").doesNotContain("HikariPool").doesNotContain("Database:")
        .contains("WARN  lib logger=org.sqlite.core msg=\"database is locked\"");
  }

  @Test
  void verboseShowsDebugEvents() {
    LogSetup.configure(true, out);
    LOG.debug("imap.fetch", "cid", "a1");
    assertThat(text()).contains(" DEBUG imap.fetch cid=a1");
    assertThat(Logger.getLogger("io.mailcove").isLoggable(Level.FINE)).isTrue();
  }

  @Test
  void errorsCarryTheExceptionAndItsStackTrace() {
    LogSetup.configure(false, out);
    LOG.error("listener.session_crashed", new IllegalStateException("boom"), "cid", "z9");
    LOG.warn("tls.reload_failed", new java.io.IOException("gone"), "file", "/etc/x.pem");
    String[] lines = text().split("\\R");
    assertThat(lines[0]).endsWith(
        "ERROR listener.session_crashed cid=z9 exception=\"java.lang.IllegalStateException: boom\"");
    assertThat(lines[2]).contains("at io.mailcove.log.LogSetupTest");
    assertThat(text()).contains("WARN  tls.reload_failed file=/etc/x.pem exception=\"java.io.IOException: gone\"");
    assertThat(text().lines().filter(l -> l.contains("WARN")).count()).isEqualTo(1);
  }

  @Test
  void clientTextCannotForgeOrHideLogLines() {
    LogSetup.configure(false, out);
    String forged = "x\r\n2026-01-01T00:00:00.000Z INFO  auth.ok user=admin";
    LOG.info("smtp.command", "cid", "c1", "line", forged);
    LOG.info("imap.command", "cid", "c2", "arg", "a\u2028b\u0085c\u202ed\u001b[31me\u007ff\ud800g");
    LOG.info("imap.login", "cid", "c3", "user", "zo\u00eb@\u4f8b\u3048.test", "mood", "\ud83d\ude00");
    String[] lines = text().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).endsWith("smtp.command cid=c1 line=\"x\\r\\n2026-01-01T00:00:00.000Z INFO  auth.ok "
        + "user=admin\"");
    assertThat(lines[1]).endsWith(
        "imap.command cid=c2 arg=\"a\\u2028b\\u0085c\\u202ed\\u001b[31me\\u007ff\\ud800g\"");
    // printable text in any script stays readable
    assertThat(lines[2]).endsWith("imap.login cid=c3 user=zo\u00eb@\u4f8b\u3048.test mood=\ud83d\ude00");
  }

  @Test
  void anExceptionMessageCannotStartALineOfItsOwn() {
    LogSetup.configure(false, out);
    Exception cause = new IllegalArgumentException("bad name \"x\r\n2026-01-01T00:00:00.000Z INFO  forged\"");
    LOG.error("listener.session_crashed", new IllegalStateException("wrapped", cause), "cid", "z9");
    String[] lines = text().split("\\R");
    assertThat(lines).noneMatch(l -> l.startsWith("2026-01-01"));
    assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: wrapped");
    assertThat(lines[2]).startsWith("\tat io.mailcove.log.LogSetupTest.anExceptionMessageCannotStartALineOfItsOwn");
    assertThat(text()).contains("Caused by: java.lang.IllegalArgumentException: bad name \"x\\u000d\\u000a"
        + "2026-01-01T00:00:00.000Z INFO  forged\"").containsPattern("\t\\.\\.\\. \\d+ more");
  }

  private String text() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
