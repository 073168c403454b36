package io.mailcove.cli;

import io.mailcove.log.LogSetup;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Every command line but the plain server ones ({@link ServerCommandLine}), run through picocli's model of the
 * command tree rooted at {@link Main}.
 */
final class CommandTree {
  private CommandTree() {}

  /** Runs {@code args} with the streams of {@code context} and answers the exit code. */
  static int run(String[] args, CliContext context) {
    PrintStream out = context.out;
    PrintStream err = context.err;
    CommandLine cmd = commandLine(context);
    Main main = context.main;
    cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionStrategy(parseResult -> {
      LogSetup.configure(main.verbose, err);
      return new CommandLine.RunLast().execute(parseResult);
    });
    cmd.setParameterExceptionHandler((ex, args1) -> {
      CommandLine failed = ex.getCommandLine();
      err.println("mailcove: " + ex.getMessage() + " (see: " + failed.getCommandSpec().qualifiedName() + " --help)");
      return Main.BAD_CONFIG;
    });
    cmd.setExecutionExceptionHandler((ex, failed, parseResult) -> Main.report(ex, err, main.verbose));
    int code;
    try {
      code = cmd.execute(args);
    } finally {
      out.flush();
      err.flush();
      if (err != System.err) {
        // a caller that captured the streams (an embedding program, a test) gets logging back on stderr
        LogSetup.configure(main.verbose, System.err);
      }
    }
    return code;
  }

  /** The tree of commands, each built with {@code context}. */
  static CommandLine commandLine(CliContext context) {
    Main main = new Main(context);
    context.main = main;
    return new CommandLine(main, new Factory(context));
  }

  /** Gives every command object the shared context. */
  private record Factory(CliContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(CliContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
