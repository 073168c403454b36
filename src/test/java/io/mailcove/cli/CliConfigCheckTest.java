package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.server.ListenerSettings;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command of the command line checks the whole configuration file as {@code serve} does: with a typo in a
 * key, in a section's key or in a section's name, each one (found by walking the command tree, so a new command is
 * covered without being listed here) refuses with exit code 2 and exactly the message {@code serve} gives, and
 * before it has done anything: no data folder is created.
 */
class CliConfigCheckTest {
  @TempDir
  Path dir;

  /** Every listener on a free loopback port: a command that wrongly starts a server harms nothing. */
  private static String loopbackListeners() {
    StringBuilder s = new StringBuilder("[listeners]\n");
    for (String name : ListenerSettings.STANDARD.keySet()) {
      s.append(name).append(" = \"127.0.0.1:0\"\n");
    }
    return s.toString();
  }

  /**
   * The argument lists that run each leaf command of the tree: its path of names, then one value of the right
   * shape for each positional parameter (optional ones too, so that commands such as {@code queue retry [ID]} get
   * past their own argument checks).
   */
  private static Map<String, List<String>> everyCommand() {
    CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]), new PrintStream(OutputStream
        .nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), false);
    Map<String, List<String>> out = new LinkedHashMap<>();
    collect(CommandTree.commandLine(context), new ArrayList<>(), out);
    return out;
  }

  private static void collect(CommandLine cmd, List<String> path, Map<String, List<String>> out) {
    if (!path.isEmpty() && cmd.getSubcommands().isEmpty()) {
      List<String> args = new ArrayList<>(path);
      CommandSpec spec = cmd.getCommandSpec();
      for (PositionalParamSpec p : spec.positionalParameters()) {
        args.add(switch (p.paramLabel()) {
          case "ID" -> "1";
          case "SIZE" -> "2G";
          case "IP" -> "192.0.2.1";
          case "ADDRESS", "SOURCE", "TARGET" -> "someone@example.test";
          default -> "example.test";
        });
      }
      out.put(String.join(" ", path), args);
      return;
    }
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      if (sub.getValue().getCommandSpec().name().equals(sub.getKey())) { // skip aliases
        List<String> next = new ArrayList<>(path);
        next.add(sub.getKey());
        collect(sub.getValue(), next, out);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "hostnme = \"mx.example.test\"\n",          // a top-level key
      "[auth]\nban_tme = \"1h\"\n",                // a key in a section
      "[smpt]\nmax_message_size = \"10M\"\n",      // a section's name
  })
  // a command that wrongly started a server would serve for ever
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void everyCommandRefusesATypoWithServesMessage(String typo) throws Exception {
    Files.writeString(dir.resolve("mailcove.toml"), "data_dir = \"data\"\n" + loopbackListeners() + typo);
    Cli cli = new Cli(dir.resolve("mailcove.toml"));

    Cli.Result serve = cli.run("serve");
    assertThat(serve.code()).as(serve.err()).isEqualTo(2);
    String expected = serve.message();
    assertThat(expected).contains(dir.resolve("mailcove.toml").toString()).contains("unknown key");

    Map<String, List<String>> commands = everyCommand();
    assertThat(commands.keySet()).as("the command tree was walked").contains("serve", "demo", "domain add",
        "domain list", "domain catch-all", "domain remove", "user add", "user passwd", "user list", "user remove",
        "user set-admin", "user set-quota", "user disable", "user enable", "alias add", "alias list", "alias remove",
        "ban list", "ban add", "ban remove", "queue list", "queue show", "queue retry", "queue delete",
        "queue bounce", "dkim show", "dkim rotate", "dkim remove");
    for (Map.Entry<String, List<String>> c : commands.entrySet()) {
      Cli.Result r;
      if (c.getKey().equals("demo")) {
        // demo keeps its configuration in DIR/mailcove.toml: the same file here
        r = Cli.raw("", "demo", "--dir", dir.toString());
      } else {
        r = cli.runWithStdin(Cli.PASSWORD + "\n" + Cli.PASSWORD + "\n", c.getValue().toArray(String[]::new));
      }
      assertThat(r.code()).as(c.getKey() + ": " + r.err()).isEqualTo(2);
      assertThat(r.message()).as(c.getKey()).isEqualTo(expected);
      assertThat(r.out()).as(c.getKey()).isEmpty();
    }
    assertThat(dir.resolve("data")).as("no command opened the data folder").doesNotExist();
  }
}
