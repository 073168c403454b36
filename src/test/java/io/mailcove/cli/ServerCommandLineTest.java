package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The server command lines read without picocli ({@link ServerCommandLine}) must mean exactly what picocli reads
 * from them, and every other line must be left to picocli (which answers help, usage errors and the rest).
 */
class ServerCommandLineTest {
  private static CliContext context() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new CliContext(new ByteArrayInputStream(new byte[0]), sink, sink, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "demo", "demo --dir /tmp/x", "demo --dir=/tmp/x", "--verbose demo", "demo --verbose --dir d",
      "demo --training-run --dir d", "serve", "serve -c /etc/m.toml", "-c m.toml serve", "serve --config m.toml",
      "serve --config=m.toml --verbose", "--verbose -c m.toml serve"})
  void readsWhatPicocliReads(String line) {
    String[] args = line.split(" ");
    CliContext fast = context();
    ServerCommandLine.Parsed parsed = ServerCommandLine.parse(args, fast);
    assertThat(parsed).as(line).isNotNull();

    CliContext slow = context();
    CommandLine cmd = CommandTree.commandLine(slow);
    CommandLine.ParseResult result = cmd.parseArgs(args);
    Object expected = result.subcommand().commandSpec().userObject();
    assertThat(parsed.command()).hasSameClassAs(expected);
    assertThat(parsed.config()).isEqualTo(slow.main.config);
    assertThat(parsed.verbose()).isEqualTo(slow.main.verbose);
    if (expected instanceof DemoCommand demo) {
      DemoCommand got = (DemoCommand) parsed.command();
      assertThat(got.dir).isEqualTo(demo.dir);
      assertThat(got.trainingRun).isEqualTo(demo.trainingRun);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "demo --help", "serve -h", "--version", "demo -c m.toml", "--dir d demo", "serve --dir d",
      "serve --training-run", "demo --dir", "serve -c", "serve --verbose --verbose", "demo demo", "demo serve",
      "demo --dir a --dir b", "serve -c a -c b", "serve extra", "user list", "demo --dri d"})
  void leavesEveryOtherLineToPicocli(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    assertThat(ServerCommandLine.parse(args, context())).as(line).isNull();
  }

  @org.junit.jupiter.api.Test
  void aMissingConfigurationFileIsReportedAsPicocliWouldRunIt() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = Main.run(new String[] {"serve", "-c", Path.of("no-such-dir", "mailcove.toml").toString()},
        new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), errStream, false);
    assertThat(code).isEqualTo(Main.BAD_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("mailcove: ").contains("no-such-dir");
  }
}
