package io.mailcove.imaptest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays the imaptest scripts against any IMAP server, e.g. a reference Dovecot, to check the interpreter itself:
 * <pre>
 * java -cp target/test-classes io.mailcove.imaptest.ImaptestMain --host 127.0.0.1 --port 1143 \
 *     --user bench@bench.test --password benchpass [--rev2 | --both] [--only fetch,select] [--verbose]
 * </pre>
 * Uses plaintext LOGIN; the account's mailboxes named {@code imaptest*} are deleted and recreated.
 */
public final class ImaptestMain {
  private ImaptestMain() {}

  public static void main(String[] argv) {
    String host = "127.0.0.1";
    int port = 143;
    String user = null;
    String password = null;
    String mailbox = "imaptest";
    String dir = null;
    List<String> only = List.of();
    boolean rev1 = true;
    boolean rev2 = false;
    boolean verbose = false;
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "--host" -> host = argv[++i];
        case "--port" -> port = Integer.parseInt(argv[++i]);
        case "--user" -> user = argv[++i];
        case "--password" -> password = argv[++i];
        case "--mailbox" -> mailbox = argv[++i];
        case "--dir" -> dir = argv[++i];
        case "--only" -> only = Arrays.asList(argv[++i].split(","));
        case "--rev2" -> {
          rev1 = false;
          rev2 = true;
        }
        case "--both" -> rev2 = true;
        case "--verbose", "-v" -> verbose = true;
        default -> {
          System.err.println("unknown option " + argv[i]);
          System.exit(2);
        }
      }
    }
    if (user == null || password == null) {
      System.err.println("usage: ImaptestMain --host H --port P --user U --password W [--rev2|--both] [--only a,b] "
          + "[--dir scripts] [--verbose]");
      System.exit(2);
    }
    Path scripts = dir == null ? ImaptestScripts.defaultDirectory() : Path.of(dir);
    ScriptRunner.Config config = new ScriptRunner.Config(host, port, user, password, mailbox, false, 15000, null,
        null);
    List<ScriptRunner.Result> results = new ArrayList<>();
    for (Path p : ImaptestScripts.list(scripts)) {
      if (!only.isEmpty() && !only.contains(p.getFileName().toString())) {
        continue;
      }
      for (boolean r2 : new boolean[] {false, true}) {
        if (r2 ? !rev2 : !rev1) {
          continue;
        }
        ScriptRunner.Result r = ScriptRunner.run(config.withRev2(r2), p);
        results.add(r);
        System.out.println(r.summary().replace("\n", "\n      "));
        if (verbose && r.status() == ScriptRunner.Status.FAIL) {
          r.failures().forEach(f -> System.out.println("    - " + f.replace("\n", "\n      ")));
          r.transcript().forEach(t -> System.out.println("      | " + t));
        }
      }
    }
    for (boolean r2 : new boolean[] {false, true}) {
      long pass = results.stream().filter(r -> r.rev2() == r2 && r.status() == ScriptRunner.Status.PASS).count();
      long fail = results.stream().filter(r -> r.rev2() == r2 && r.status() == ScriptRunner.Status.FAIL).count();
      long skip = results.stream().filter(r -> r.rev2() == r2 && r.status() == ScriptRunner.Status.SKIP).count();
      if (pass + fail + skip > 0) {
        System.out.printf("%s: %d passed, %d failed, %d skipped (capabilities)%n", r2 ? "IMAP4rev2" : "IMAP4rev1",
            pass, fail, skip);
      }
    }
  }
}
