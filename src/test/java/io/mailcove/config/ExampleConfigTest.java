package io.mailcove.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.server.ListenerSettings;
import io.mailcove.server.MailServer;
import io.mailcove.store.Store;
import io.mailcove.store.StoreSettings;
import io.mailcove.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mailcove.example.toml is read by the real configuration readers (the whole server is assembled from it) and
 * passes the unknown-key check; every key a reader asks for is in it, with a comment.
 */
class ExampleConfigTest {
  private static final Path EXAMPLE = Path.of("mailcove.example.toml");

  @TempDir
  Path dir;

  @Test
  void exampleIsReadByTheServerAndHasNoUnknownKey() throws Exception {
    Config config = assemble();
    assertThat(config.root().string("hostname", null)).isEqualTo("mail.example.com");
    assertThat(config.section("auth").intValue("min_password_length", 0)).isEqualTo(10);
  }

  @Test
  void everyKeyTheReadersAskForIsDocumentedInTheExample() throws Exception {
    Config config = assemble();
    String text = Files.readString(EXAMPLE);
    List<String> undocumented = new ArrayList<>();
    for (String key : config.readValueKeys()) {
      String section = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
      String name = key.substring(key.lastIndexOf('.') + 1);
      if (!definedIn(text, section, name)) {
        undocumented.add(key);
      }
    }
    assertThat(undocumented).as("keys read by Mailcove but missing from mailcove.example.toml (add them, with a "
        + "comment, to the right section)").isEmpty();
  }

  @Test
  void everyKeyInTheExampleHasAComment() throws Exception {
    List<String> lines = Files.readAllLines(EXAMPLE);
    List<String> bare = new ArrayList<>();
    Pattern keyLine = Pattern.compile("^([a-z_0-9]+)\\s*=.*");
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = keyLine.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      boolean commented = lines.get(i).contains("#");
      // a key in a group directly under a comment counts as commented by it (failure_window, ban_time)
      for (int j = i - 1; j >= 0 && !commented; j--) {
        String l = lines.get(j);
        if (l.startsWith("#")) {
          commented = true;
        } else if (l.isBlank() || l.startsWith("[")) {
          break;
        }
      }
      if (!commented) {
        bare.add(m.group(1));
      }
    }
    assertThat(bare).as("keys without a comment").isEmpty();
  }

  /** Builds the whole server from the example (not started), as `serve` does, with a temporary data folder. */
  private Config assemble() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("MAILCOVE_DATA_DIR", dir.resolve("data").toString());
    env.put("MAILCOVE_TLS_MODE", "self-signed"); // the example points at certbot's files, absent here
    Config config = Config.load(EXAMPLE, env);
    Files.createDirectories(dir.resolve("data"));
    assertThat(StoreSettings.from(config.section("store")).backend()).isEqualTo(StoreSettings.Backend.SQLITE);
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      MailServer server = io.mailcove.app.Application.create(config, store, ListenerSettings.STANDARD).server(); // includes rejectUnknownKeys
      server.close();
    }
    return config;
  }

  private static final Pattern HEADER = Pattern.compile("^\\s*(\\[\\[?)\\s*([A-Za-z0-9_.-]+)\\s*]]?\\s*(#.*)?$");

  /**
   * Whether {@code name = ...} appears in the table {@code section} ("" = the top level, before the first header;
   * "x[0]" = the array of tables [[x]]). Reads line by line: comment lines, even ones that show a header such as
   * "# [smtp]", neither open nor close a section.
   */
  static boolean definedIn(String text, String section, String name) {
    String wanted = section.replaceAll("\\[\\d+]$", "");
    boolean arrayOfTables = !wanted.equals(section);
    Pattern key = Pattern.compile("^\\s*" + Pattern.quote(name) + "\\s*=");
    String current = "";
    boolean currentIsArray = false;
    for (String line : text.split("\\R")) {
      if (line.trim().startsWith("#")) {
        continue;
      }
      Matcher header = HEADER.matcher(line);
      if (header.matches()) {
        current = header.group(2);
        currentIsArray = header.group(1).equals("[[");
      } else if (current.equals(wanted) && currentIsArray == arrayOfTables && key.matcher(line).find()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void sectionLookupIgnoresHeadersInComments() {
    String text = """
        # hostname = "not this one"
        data_dir = "data"
        # keys of [smtp] are below; [auth] comes first
        [auth]
        ban_time = "1h"
        # max_message_size = "1M" is not set here
        [smtp]   # the SMTP listeners
        max_message_size = "25M"
        [[relay]]
        host = "smtp.example.net"
        """;
    assertThat(definedIn(text, "", "data_dir")).isTrue();
    assertThat(definedIn(text, "", "hostname")).isFalse();
    assertThat(definedIn(text, "auth", "ban_time")).isTrue();
    assertThat(definedIn(text, "auth", "max_message_size")).isFalse();
    assertThat(definedIn(text, "smtp", "max_message_size")).isTrue();
    assertThat(definedIn(text, "smtp", "ban_time")).isFalse();
    assertThat(definedIn(text, "relay[0]", "host")).isTrue();
    assertThat(definedIn(text, "relay", "host")).isFalse();
  }
}
