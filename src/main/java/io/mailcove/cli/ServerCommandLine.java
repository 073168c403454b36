package io.mailcove.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The command lines that start the server ({@code demo [--dir DIR]}, {@code serve [-c FILE]}, with
 * {@code --verbose}), read without the command-line parser. Building picocli's model of every command costs about
 * a third of start-up: its class files are too old for the JVM's start-up cache and it reads the annotations
 * through reflection. Any other command line, help, a typo, an option this class does not know, goes to picocli,
 * which then answers as before; the options read here are the same fields picocli fills.
 */
final class ServerCommandLine {
  /** What to run and the global options of the line. */
  record Parsed(Callable<Integer> command, Path config, boolean verbose) {}

  private ServerCommandLine() {}

  /** The command of {@code args}, or null when the line is anything else than a plain server start. */
  static Parsed parse(String[] args, CliContext ctx) {
    Path config = null;
    Boolean verbose = null;
    String name = null;
    Path dir = null;
    boolean trainingRun = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      if (a.startsWith("--config=")) {
        value = a.substring("--config=".length());
        a = "--config";
      } else if (a.startsWith("--dir=")) {
        value = a.substring("--dir=".length());
        a = "--dir";
      }
      switch (a) {
        case "--verbose" -> {
          if (verbose != null) {
            return null; // given twice: picocli refuses it
          }
          verbose = true;
        }
        case "-c", "--config", "--dir" -> {
          if (a.equals("--dir") && !"demo".equals(name)) {
            return null; // an option of demo only, after it
          }
          if (value == null) {
            if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
              return null; // picocli explains what is missing
            }
            value = args[++i];
          }
          if (value.isEmpty() || config != null && !a.equals("--dir") || dir != null && a.equals("--dir")) {
            return null;
          }
          if (a.equals("--dir")) {
            dir = Path.of(value);
          } else {
            config = Path.of(value);
          }
        }
        case "--training-run" -> {
          if (!"demo".equals(name) || trainingRun) {
            return null;
          }
          trainingRun = true;
        }
        case "demo", "serve" -> {
          if (name != null) {
            return null;
          }
          name = a;
        }
        default -> {
          return null;
        }
      }
    }
    if (name == null) {
      return null;
    }
    if (name.equals("demo") && config != null) {
      return null; // refused by the demo command, with its message
    }
    if (name.equals("demo")) {
      DemoCommand demo = new DemoCommand(ctx);
      if (dir != null) {
        demo.dir = dir;
      }
      demo.trainingRun = trainingRun;
      return new Parsed(demo, config, verbose != null);
    }
    return new Parsed(new ServeCommand(ctx), config, verbose != null);
  }
}
