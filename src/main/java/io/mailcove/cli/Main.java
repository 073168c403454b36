package io.mailcove.cli;

import io.mailcove.admin.AdminException;
import io.mailcove.config.ConfigException;
import io.mailcove.log.LogSetup;
import io.mailcove.store.StoreException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code mailcove} command. Exit codes: 0 success, 1 a refused operation (duplicate account, unknown domain, ...),
 * 2 a bad configuration or bad command-line usage. Every error is one line on stderr.
 */
@Command(name = "mailcove", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "All-in-one self-hosted mail server: SMTP, IMAP, POP3, one process, one data folder.",
    // A new command is one more class in this list.
    subcommands = {
        DemoCommand.class,
        ServeCommand.class,
        DomainCommand.class,
        UserCommand.class,
        AliasCommand.class,
        BanCommand.class,
        QueueCommand.class,
        DkimCommand.class,
        ShareCommand.class,
        InviteCommand.class,
        SignupCommand.class,
        AppPasswordCommand.class,
        TwoFactorCommand.class,
        TokenCommand.class,
    })
// Main's own methods name no picocli type: the JVM's launcher lists the main class's methods before it runs it, which
// loads every class their signatures name, and picocli's classes come from a jar found by opening those before it
// on the class path (Bouncy Castle's, Lucene's). The picocli path is in CommandTree.
public final class Main {
  public static final int OK = 0;
  public static final int REFUSED = 1;
  public static final int BAD_CONFIG = 2;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Configuration file (default: $MAILCOVE_CONFIG, ./mailcove.toml, ./mailcove-demo/mailcove.toml, "
          + "/etc/mailcove/mailcove.toml, the first that exists).")
  Path config;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Log debug events too.")
  boolean verbose;

  final CliContext context;

  Main(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err, true);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs one command line with the given streams and returns the exit code. {@code interactive}: whether a
   * password may be asked on the terminal (false when stdin is a pipe or in tests).
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean interactive) {
    CliContext context = new CliContext(in, out, err, interactive);
    ServerCommandLine.Parsed server = ServerCommandLine.parse(args, context);
    if (server != null) {
      return runServer(server, context);
    }
    return CommandTree.run(args, context);
  }

  /** Runs {@code demo} or {@code serve} as picocli would, without building its model of every command. */
  private static int runServer(ServerCommandLine.Parsed server, CliContext context) {
    Main main = new Main(context);
    context.main = main;
    main.config = server.config();
    main.verbose = server.verbose();
    LogSetup.configure(main.verbose, context.err);
    try {
      return server.command().call();
    } catch (Exception e) {
      return report(e, context.err, main.verbose);
    } finally {
      context.out.flush();
      context.err.flush();
      if (context.err != System.err) {
        LogSetup.configure(main.verbose, System.err);
      }
    }
  }

  /** Prints one line for an error and answers the exit code. */
  static int report(Exception ex, PrintStream err, boolean verbose) {
    if (verbose) {
      ex.printStackTrace(err);
    }
    if (ex instanceof ConfigException) {
      err.println("mailcove: " + ex.getMessage());
      return BAD_CONFIG;
    }
    if (ex instanceof CliException || ex instanceof AdminException || ex instanceof StoreException) {
      err.println("mailcove: " + ex.getMessage());
      return REFUSED;
    }
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    err.println("mailcove: " + message.lines().findFirst().orElse(message)
        + (verbose ? "" : " (run again with --verbose for details)"));
    return REFUSED;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"mailcove " + (v == null ? "(development build)" : v)};
    }
  }
}
