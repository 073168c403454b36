package io.mailcove.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading mailcove.toml through Mailcove's TOML parser: syntax errors, wrong values and unknown keys name the file
 * and the line, whichever TOML form (header, dotted key, inline table, array of tables) the key was written in.
 */
class ConfigLoadTest {
  @TempDir
  Path dir;

  private Path write(String toml) throws Exception {
    Path file = dir.resolve("mailcove.toml");
    Files.writeString(file, toml);
    return file;
  }

  @Test
  void environmentVariablesOverrideKeysOfTablesDashedKeysAndArraysOfTables() throws Exception {
    Path file = write("""
        [auth]
        ban_time = "1h"
        [[relay]]
        host = "first.example"
        [[relay]]
        host = "second.example"
        """);
    Config config = Config.load(file, Map.of("MAILCOVE_AUTH_BAN_TIME", "2h", "MAILCOVE_RELAY_1_HOST",
        "override.example", "MAILCOVE_WEB_MAX_BODY", "5MB", "MAILCOVE_DATA_DIR", "/srv/mail"));
    assertThat(config.section("auth").string("ban_time", "")).isEqualTo("2h");
    List<ConfigSection> relays = config.root().tables("relay");
    assertThat(relays).extracting(r -> r.string("host", "")).containsExactly("first.example", "override.example");
    assertThat(config.section("web").string("max-body", "")).isEqualTo("5MB");
    assertThat(config.root().string("data_dir", "")).isEqualTo("/srv/mail");
    assertThat(ConfigSection.envName("relay[12].tls-mode")).isEqualTo("MAILCOVE_RELAY_12_TLS_MODE");
  }

  @Test
  void aSyntaxErrorNamesFileLineColumnAndTheFix() throws Exception {
    Path file = write("data_dir = \"data\"\n[auth]\nban_time = \"1h\n");
    assertThatThrownBy(() -> Config.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessage(file + ":3: the string is not closed on its line; add the closing \" (column 12); fix the TOML "
            + "syntax on that line");
  }

  @Test
  void aRedefinedTableNamesBothLines() throws Exception {
    Path file = write("[auth]\nban_time = \"1h\"\n\n[smtp]\n[auth]\n");
    assertThatThrownBy(() -> Config.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":5: the table [auth] is already defined at line 1;")
        .hasMessageEndingWith("; fix the TOML syntax on that line");
  }

  @Test
  void parsedTextReportsThePretendFile() {
    assertThatThrownBy(() -> Config.parse("a = 1\nb = [1 2]\n", Path.of("demo.toml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("demo.toml:2: expected ',' or ']' in the array but found '2' (column 8); fix the TOML syntax on "
            + "that line");
  }

  @Test
  void invalidUtf8NamesItsLine() throws Exception {
    Path file = dir.resolve("mailcove.toml");
    byte[] text = "hostname = \"mx.example.test\"\n# caf\u00e9\nbad = \"x\"\n".getBytes(StandardCharsets.UTF_8);
    text[text.length - 3] = (byte) 0xe9; // Latin-1 é, as an editor in the wrong encoding writes it
    Files.write(file, text);
    assertThatThrownBy(() -> Config.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":3: invalid UTF-8 (byte 0xE9); save the file as UTF-8");
  }

  @Test
  void anOversizedFileIsRefusedBeforeItIsRead() throws Exception {
    Path file = dir.resolve("mailcove.toml");
    Files.write(file, new byte[(int) Config.MAX_FILE_SIZE + 1]);
    assertThatThrownBy(() -> Config.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ": the configuration file is 1048577 bytes, more than the 1048576")
        .hasMessageContaining("check that -c names the right file");
  }

  @Test
  void valuesReadFromEveryTomlForm() throws Exception {
    Config config = Config.load(write("""
        hostname = "mx.example.test"
        auth.ban_time = "2h"
        smtp = { max_message_size = "1M", greeting = 'hi' }
        [[relay]]
        host = "a.example"
        [[relay]]
        host = "b.example"
        domains = ["x.example", "y.example"]
        """), Map.of());
    assertThat(config.root().string("hostname", null)).isEqualTo("mx.example.test");
    assertThat(config.section("auth").duration("ban_time", null)).isEqualTo(Duration.ofHours(2));
    assertThat(config.section("smtp").size("max_message_size", 0)).isEqualTo(1 << 20);
    List<ConfigSection> relays = config.root().tables("relay");
    assertThat(relays).hasSize(2);
    assertThat(relays.get(1).string("host", null)).isEqualTo("b.example");
    assertThat(relays.get(1).strings("domains", List.of())).containsExactly("x.example", "y.example");
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineInEveryTomlForm() throws Exception {
    assertUnknown("auth.ban_tme = \"1h\"\n", 1, "auth.ban_tme");
    assertUnknown("# the ban\nauth = { ban_time = \"1h\", ban_tme = \"2h\" }\n", 2, "auth.ban_tme");
    assertUnknown("[[relay]]\nhost = \"a\"\n[[relay]]\nhost = \"b\"\n\nprot = 25\n", 6, "relay[1].prot");
    assertUnknown("[auth.deep]\nx = 1\n", 1, "auth.deep");
  }

  private void assertUnknown(String toml, int line, String key) throws Exception {
    Config config = Config.load(write(toml), Map.of());
    config.section("auth").duration("ban_time", null);
    for (ConfigSection relay : config.root().tables("relay")) {
      relay.string("host", null);
    }
    assertThatThrownBy(config::rejectUnknownKeys).as(toml).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(config.file() + ":" + line + ": unknown key " + key + ";");
  }

  @Test
  void aWrongValueNamesItsLineAndShowsTheValue() throws Exception {
    Config config = Config.load(write("[auth]\n\nmin_password_length = [1, \"two\"]\n"), Map.of());
    assertThatThrownBy(() -> config.section("auth").intValue("min_password_length", 0))
        .isInstanceOf(ConfigException.class)
        .hasMessage(config.file() + ":3: auth.min_password_length = [1, \"two\"] is not a whole number; change it "
            + "to a whole number");
  }

  @Test
  void anArrayMixingTablesAndValuesIsNotAnArrayOfTables() throws Exception {
    Config config = Config.load(write("relay = [{ host = \"a\" }, 25]\n"), Map.of());
    assertThatThrownBy(() -> config.root().tables("relay")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(config.file() + ":1: relay = [{host = \"a\"}, 25] is not an array of tables [[relay]]");
  }
}
