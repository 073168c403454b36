package io.mailcove.imaptest;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one imaptest script against an IMAP server, the way imaptest's scripted-test mode does: connects the script's
 * connections, logs in, prepares the test mailbox for the script's {@code state} (deletes {@code mailbox*}, creates
 * it, appends the mbox messages, selects it), then sends each command group and checks the tagged and untagged
 * replies. In IMAP4rev2 mode every connection sends {@code ENABLE IMAP4rev2} after login and {@link Rev2} adapts the
 * expectations that RFC 9051 changed.
 */
final class ScriptRunner {
  /** Where and as whom to run. {@code user2}/{@code password2} may be null (scripts needing them are skipped). */
  record Config(String host, int port, String user, String password, String mailbox, boolean rev2,
                int timeoutMillis, String user2, String password2) {
    Config withRev2(boolean on) {
      return new Config(host, port, user, password, mailbox, on, timeoutMillis, user2, password2);
    }
  }

  enum Status { PASS, FAIL, SKIP }

  /** The outcome of one script: failures carry the expected and the best received reply. */
  record Result(String script, boolean rev2, Status status, List<String> failures, String reason,
                List<String> transcript) {
    String firstFailure() {
      return failures.isEmpty() ? reason : failures.get(0);
    }

    String summary() {
      return script + (rev2 ? " [rev2]" : " [rev1]") + ": " + status
          + (status == Status.PASS ? "" : " - " + firstFailure());
    }
  }

  /** Raised to stop a script that cannot go on (setup failed, connection lost). */
  private static final class Abort extends Exception {
    Abort(String message) {
      super(message);
    }
  }

  private static final Pattern SYNC_LITERAL = Pattern.compile("~?\\{(\\d+)}\r\n");
  private static final int MAX_FAILURES = 20;

  private final Config config;
  private final Script script;
  private final Variables vars = new Variables();
  private final List<String> failures = new ArrayList<>();
  private final ImapConnection.Transcript transcript = new ImapConnection.Transcript(60);
  private final List<ImapConnection> conns = new ArrayList<>();
  private MboxSource mbox;

  // state of the running command group
  private Script.Group group;
  private int groupIndex;
  private boolean[] found;
  private int[] bestCount;
  private String[] best;
  private int mismatches;
  private String firstExtra;
  private int[] seqmap;
  private final Map<String, Script.Command> pending = new LinkedHashMap<>();
  private String groupTag;
  private List<Script.Untagged> currentExpected;

  private ScriptRunner(Config config, Script script) {
    this.config = config;
    this.script = script;
  }

  static Result run(Config config, Path scriptFile) {
    Script script;
    try {
      script = ScriptParser.parse(scriptFile);
    } catch (IOException | ScriptParser.ScriptSyntaxException e) {
      return new Result(scriptFile.getFileName().toString(), config.rev2(), Status.FAIL,
          List.of("script cannot be read: " + e.getMessage()), null, List.of());
    }
    return new ScriptRunner(config, script).run();
  }

  private Result run() {
    String skip = null;
    try {
      mbox = new MboxSource(Path.of(script.mbox));
      skip = setup();
      if (skip == null) {
        for (groupIndex = 0; groupIndex < script.groups.size() && failures.size() < MAX_FAILURES; groupIndex++) {
          runGroup(script.groups.get(groupIndex));
        }
      }
    } catch (Abort e) {
      failures.add(e.getMessage());
    } catch (IOException e) {
      failures.add("I/O error: " + e);
    } finally {
      for (ImapConnection c : conns) {
        c.close();
      }
    }
    Status status = skip != null ? Status.SKIP : failures.isEmpty() ? Status.PASS : Status.FAIL;
    return new Result(script.name, config.rev2(), status, List.copyOf(failures), skip,
        status == Status.FAIL ? transcript.lines() : List.of());
  }

  // ---------------------------------------------------------------- setup

  /** Brings the connections into the script's start state; returns a reason to skip the script, or null. */
  private String setup() throws IOException, Abort {
    if (script.requiresSecondUser && config.user2() == null) {
      return "needs a second user";
    }
    for (int i = 0; i < script.connections; i++) {
      ImapConnection c = new ImapConnection(i + 1, config.host(), config.port(), config.timeoutMillis(), transcript);
      conns.add(c);
      ImapConnection.Response greeting = c.read();
      if (!greeting.untagged() || !(greeting.first().equals("OK") || greeting.first().equals("PREAUTH"))) {
        throw new Abort("malformed greeting: " + greeting.raw());
      }
      if (c.capabilities.isEmpty()) {
        simple(c, "CAPABILITY", true);
      }
      String user = connectionUser(i);
      String prefix = i == 0 ? "" : String.valueOf(i + 1);
      vars.set("user" + prefix, user);
      vars.set("username" + prefix, user.contains("@") ? user.substring(0, user.indexOf('@')) : user);
      vars.set("domain" + prefix, user.contains("@") ? user.substring(user.indexOf('@') + 1) : config.host());
      vars.set("password" + prefix, connectionPassword(i));
    }
    vars.set("mailbox", config.mailbox());
    vars.set("mailbox_url", urlPath(config.mailbox()));
    if (script.state == Script.State.NONAUTH) {
      if (config.rev2() && !conns.get(0).capabilities.contains("IMAP4REV2")) {
        return "server does not advertise IMAP4rev2";
      }
      return missingCapabilities(conns.get(0));
    }
    for (int i = 0; i < conns.size(); i++) {
      ImapConnection c = conns.get(i);
      ImapConnection.Response ok = simple(c, "LOGIN " + quote(connectionUser(i)) + " " + quote(connectionPassword(i)),
          true);
      c.capabilities.clear();
      c.parseCapabilityCode(ok.raw());
      if (c.capabilities.isEmpty()) {
        simple(c, "CAPABILITY", true);
      }
      if (config.rev2()) {
        if (!c.capabilities.contains("IMAP4REV2")) {
          return "server does not advertise IMAP4rev2";
        }
        simple(c, "ENABLE IMAP4rev2", true);
      }
    }
    String missing = missingCapabilities(conns.get(0));
    if (missing != null) {
      return missing;
    }
    ImapConnection c0 = conns.get(0);
    List<String> delete = new ArrayList<>();
    List<String> unsubscribe = new ArrayList<>();
    String pattern = quote(config.mailbox() + "*");
    for (ImapConnection.Response r : simpleUntagged(c0, "LIST \"\" " + pattern)) {
      if (r.first().equals("LIST") && r.args().size() >= 4 && r.args().get(3).isAstring()) {
        delete.add(r.args().get(3).value);
      }
    }
    for (ImapConnection.Response r : simpleUntagged(c0, "LSUB \"\" " + pattern)) {
      if (r.first().equals("LSUB") && r.args().size() >= 4 && r.args().get(3).isAstring()) {
        unsubscribe.add(r.args().get(3).value);
      }
    }
    delete.sort((a, b) -> b.compareToIgnoreCase(a));
    unsubscribe.sort((a, b) -> b.compareToIgnoreCase(a));
    for (String name : delete) {
      simple(c0, "DELETE " + quote(name), false);
    }
    for (String name : unsubscribe) {
      simple(c0, "UNSUBSCRIBE " + quote(name), false);
    }
    if (script.state.compareTo(Script.State.CREATED) >= 0 && !config.mailbox().equalsIgnoreCase("INBOX")) {
      simple(c0, "CREATE " + quote(config.mailbox()), true);
    }
    if (script.state.compareTo(Script.State.APPENDED) >= 0) {
      int count = script.messages < 0 ? mbox.size() : script.messages;
      for (int i = 0; i < count; i++) {
        String tag = c0.nextTag();
        sendAppend(c0, tag, "APPEND " + quote(config.mailbox()), true);
        ImapConnection.Response r = awaitTagged(c0, tag);
        if (!r.first().equals("OK")) {
          throw new Abort("setup APPEND failed: " + r.raw());
        }
      }
    }
    if (script.state == Script.State.SELECTED) {
      for (ImapConnection c : conns) {
        simple(c, "SELECT " + quote(config.mailbox()), true);
      }
    }
    return null;
  }

  private String connectionUser(int i) {
    String u = script.users.get(i + 1);
    if (u != null && (u.equals("$user2") || u.equals("${user2}"))) {
      return config.user2();
    }
    return u != null ? u : config.user();
  }

  private String connectionPassword(int i) {
    String u = script.users.get(i + 1);
    if (u != null && (u.equals("$user2") || u.equals("${user2}"))) {
      return config.password2();
    }
    return config.password();
  }

  private String missingCapabilities(ImapConnection c) {
    List<String> missing = new ArrayList<>();
    for (String cap : script.capabilities) {
      if (!c.capabilities.contains(cap.toUpperCase(Locale.ROOT))) {
        missing.add(cap);
      }
    }
    return missing.isEmpty() ? null : "server lacks " + String.join(" ", missing);
  }

  /** Sends a setup command and waits for its tagged reply; {@code mustSucceed} aborts the script on NO/BAD. */
  private ImapConnection.Response simple(ImapConnection c, String command, boolean mustSucceed)
      throws IOException, Abort {
    String tag = c.nextTag();
    c.send(tag + " " + command + "\r\n");
    ImapConnection.Response r = awaitTagged(c, tag);
    if (mustSucceed && !r.first().equals("OK")) {
      throw new Abort("setup command " + command.split(" ")[0] + " failed: " + r.raw());
    }
    return r;
  }

  private final List<ImapConnection.Response> collected = new ArrayList<>();

  private List<ImapConnection.Response> simpleUntagged(ImapConnection c, String command) throws IOException, Abort {
    collected.clear();
    simple(c, command, true);
    return List.copyOf(collected);
  }

  private ImapConnection.Response awaitTagged(ImapConnection c, String tag) throws IOException, Abort {
    while (true) {
      ImapConnection.Response r = c.read();
      if (r.untagged()) {
        collected.add(r);
      } else if (r.continuation()) {
        throw new Abort("unexpected continuation during setup");
      } else if (r.tag().equals(tag)) {
        return r;
      }
    }
  }

  /**
   * Sends an APPEND of the next mbox message: {@code head} is "APPEND mailbox [flags]"; with {@code withDate} the
   * message's date from its "From " line is added, as imaptest does for its own appends. Uses LITERAL+ when offered.
   */
  private void sendAppend(ImapConnection c, String tag, String head, boolean withDate) throws IOException, Abort {
    MboxSource.Message m = mbox.next();
    String date = withDate ? " \"" + m.internalDate() + "\"" : "";
    boolean nonSync = c.capabilities.contains("LITERAL+");
    String line = tag + " " + head + date + " {" + m.text().length() + (nonSync ? "+" : "") + "}\r\n";
    if (nonSync) {
      c.send(line + m.text() + "\r\n");
      return;
    }
    c.send(line);
    if (!awaitContinuation(c, tag)) {
      return;
    }
    c.send(m.text() + "\r\n");
  }

  // ---------------------------------------------------------------- command groups

  private void runGroup(Script.Group g) throws IOException, Abort {
    group = g;
    ImapConnection c = conns.get(g.connection);
    if (c.closed) {
      fail("connection " + (g.connection + 1) + " is closed");
      return;
    }
    int n = g.untagged.size();
    found = new boolean[n];
    bestCount = new int[n];
    best = new String[n];
    mismatches = 0;
    firstExtra = null;
    seqmap = new int[c.exists];
    for (int i = 0; i < seqmap.length; i++) {
      seqmap[i] = i + 1;
    }
    vars.relativeSequences(this::relativeSeq);
    pending.clear();
    groupTag = null;
    collected.clear();
    List<Script.Untagged> expected = config.rev2() ? Rev2.adapt(g) : g.untagged;
    currentExpected = expected;
    try {
      if (g.commands.isEmpty()) {
        return; // a banner check: imaptest matches it against the greeting, which setup has consumed
      }
      for (Script.Command cmd : g.commands) {
        if (!sendCommand(c, cmd, expected)) {
          return;
        }
      }
      while (!pending.isEmpty()) {
        handle(c, c.read(), expected);
      }
    } catch (EOFException e) {
      if (g.hasUntaggedBye && c.seenBye) {
        for (Script.Command cmd : pending.values()) {
          if (!(cmd.reply.size() == 1 && cmd.reply.get(0).atomIs(""))) {
            fail("expected tagged reply '" + ImapArg.render(cmd.reply) + "' but the server closed the connection "
                + "after BYE");
          }
        }
      } else {
        fail("unexpected disconnection");
        throw new Abort("connection " + (g.connection + 1) + " lost");
      }
    } catch (SocketTimeoutException e) {
      fail("timeout waiting for the reply (no tagged reply within " + config.timeoutMillis() + " ms)");
      throw new Abort("server did not answer");
    }
    finishGroup(expected);
    if (g.sleepMillis > 0) {
      try {
        Thread.sleep(g.sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sends one command of the group (with its literals); false when it could not be sent. */
  private boolean sendCommand(ImapConnection c, Script.Command cmd, List<Script.Untagged> expected)
      throws IOException, Abort {
    String line;
    try {
      line = vars.expand(cmd.text, false);
    } catch (IllegalStateException e) {
      fail(e.getMessage());
      return false;
    }
    String tag = c.nextTag();
    if (groupTag == null) {
      groupTag = tag;
    }
    pending.put(tag, cmd);
    if (line.equalsIgnoreCase("append")) {
      sendAppend(c, tag, "APPEND " + quote(config.mailbox()), true);
      return true;
    }
    if (line.regionMatches(true, 0, "append ", 0, 7) && !appendHasBody(line.substring(7))) {
      sendAppend(c, tag, "APPEND " + line.substring(7), false);
      return true;
    }
    String wire = tag + " " + line;
    Matcher m = SYNC_LITERAL.matcher(wire);
    int from = 0;
    while (m.find(from)) {
      int contentStart = m.end();
      int length = Integer.parseInt(m.group(1));
      c.send(wire.substring(from, contentStart));
      if (!awaitContinuation(c, tag, expected)) {
        return true;
      }
      int contentEnd = Math.min(wire.length(), contentStart + length);
      c.send(wire.substring(contentStart, contentEnd));
      from = contentEnd;
    }
    c.send(wire.substring(from) + "\r\n");
    return true;
  }

  /** During setup: waits for "+"; false (and the APPEND aborts the script) when the server answered instead. */
  private boolean awaitContinuation(ImapConnection c, String tag) throws IOException, Abort {
    if (currentExpected != null) {
      return awaitContinuation(c, tag, currentExpected);
    }
    while (true) {
      ImapConnection.Response r = c.read();
      if (r.continuation()) {
        return true;
      }
      if (r.untagged()) {
        collected.add(r);
      } else if (r.tag().equals(tag)) {
        throw new Abort("setup APPEND failed: " + r.raw());
      }
    }
  }

  /** Waits for "+" while handling other replies; false when the command was answered instead. */
  private boolean awaitContinuation(ImapConnection c, String tag, List<Script.Untagged> expected)
      throws IOException, Abort {
    while (true) {
      ImapConnection.Response r = c.read();
      if (r.continuation()) {
        return true;
      }
      handle(c, r, expected);
      if (!pending.containsKey(tag)) {
        return false;
      }
    }
  }

  private static boolean appendHasBody(String args) {
    List<ImapArg> a = ImapArgParser.parse(args);
    int i = 0;
    if (a.isEmpty()) {
      return false;
    }
    if (i + 1 < a.size() && a.get(i + 1).isList()) {
      i++;
    }
    if (i + 1 < a.size() && a.get(i + 1).type == ImapArg.Type.STRING) {
      i++;
    }
    return i + 1 < a.size() && (a.get(i + 1).type == ImapArg.Type.LITERAL || a.get(i + 1).atomIs("catenate"));
  }

  private void handle(ImapConnection c, ImapConnection.Response r, List<Script.Untagged> expected) {
    if (r.continuation()) {
      fail("unexpected continuation: " + r.raw());
      return;
    }
    if (r.untagged()) {
      matchUntagged(r, expected);
      List<ImapArg> a = r.args();
      if (a.size() >= 2 && a.get(0).isAtom() && a.get(0).value.matches("\\d{1,9}") && a.get(1).atomIs("EXPUNGE")) {
        expungeSeq(Integer.parseInt(a.get(0).value));
      }
      return;
    }
    Script.Command cmd = pending.remove(r.tag());
    if (cmd == null) {
      fail("unexpected tagged reply: " + r.raw());
      return;
    }
    if (r.first().equals("BAD") && !cmd.expectsBad()) {
      fail("BAD reply for command at line " + cmd.line + " '" + cmd.text + "': " + r.raw());
      return;
    }
    vars.set("tag", r.tag());
    int m = vars.matchArgs(cmd.reply, 0, r.args(), 0, Integer.MAX_VALUE, true);
    vars.remove("tag");
    if (m != Variables.MATCH) {
      fail("line " + cmd.line + " '" + abbreviate(cmd.text) + "': expected tagged reply '"
          + ImapArg.render(cmd.reply) + "', got '" + abbreviate(r.raw()) + "'");
    }
  }

  private void matchUntagged(ImapConnection.Response r, List<Script.Untagged> expected) {
    if (expected.isEmpty()) {
      if (!script.ignoreExtraUntagged && firstExtra == null) {
        mismatches++;
        firstExtra = r.raw();
      }
      return;
    }
    String first = r.first();
    boolean prefix = first.equals("OK") || first.equals("NO") || first.equals("BAD") || first.equals("BYE");
    List<List<ImapArg>> alternatives = config.rev2() ? Rev2.alternatives(r.args()) : List.of(r.args());
    boolean foundSome = false;
    for (int i = 0; i < expected.size(); i++) {
      if (found[i]) {
        continue;
      }
      Script.Untagged ut = expected.get(i);
      int m = 0;
      for (List<ImapArg> alt : alternatives) {
        vars.begin();
        if (groupTag != null) {
          vars.set("tag", groupTag);
        }
        m = Math.max(m, vars.matchArgs(ut.args(), 0, alt, 0, Integer.MAX_VALUE, prefix));
        if (groupTag != null) {
          vars.remove("tag");
        }
        if (m == Variables.MATCH) {
          break;
        }
        vars.revert();
      }
      if (m == Variables.MATCH) {
        if (ut.existence() == Script.Existence.MUST_NOT) {
          fail("line " + ut.line() + ": unexpected untagged reply matched '! " + ImapArg.render(ut.args())
              + "': " + abbreviate(r.raw()));
          return;
        }
        found[i] = true;
        foundSome = true;
        if (group.ordered) {
          break;
        }
        continue;
      }
      if (bestCount[i] < m || best[i] == null && m == 0) {
        bestCount[i] = m;
        best[i] = r.raw();
      }
      if (group.ordered && ut.existence() == Script.Existence.MUST) {
        break;
      }
    }
    if (!foundSome) {
      mismatches++;
      if (!script.ignoreExtraUntagged && firstExtra == null) {
        firstExtra = r.raw();
      }
    }
  }

  private void finishGroup(List<Script.Untagged> expected) {
    int missing = 0;
    int firstMissing = -1;
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).existence() == Script.Existence.MUST && !found[i]) {
        missing++;
        if (firstMissing < 0) {
          firstMissing = i;
        }
      }
    }
    if (missing > 0) {
      Script.Untagged ut = expected.get(firstMissing);
      String raw = ImapArg.render(ut.args());
      fail("line " + ut.line() + ": missing " + missing + " untagged replies (" + mismatches + " mismatches)"
          + "\n   expected: * " + abbreviate(vars.expand(raw, true))
          + "\n   best match: " + (best[firstMissing] == null ? "(none)" : abbreviate(best[firstMissing])));
    }
    if (firstExtra != null) {
      fail(mismatches + " unexpected untagged replies, first: " + abbreviate(firstExtra));
    }
  }

  private String relativeSeq(int seq) {
    if (seq == 0) {
      return "<zero seq>";
    }
    if (seq > seqmap.length) {
      return "<out of range>";
    }
    return seqmap[seq - 1] == 0 ? "<expunged>" : String.valueOf(seqmap[seq - 1]);
  }

  private void expungeSeq(int seq) {
    if (seq > seqmap.length || seq == 0) {
      return;
    }
    for (int i = seq - 1; i < seqmap.length; i++) {
      if (seqmap[i] == seq) {
        seqmap[i] = 0;
      } else if (seqmap[i] > seq) {
        seqmap[i]--;
      }
    }
  }

  private void fail(String message) {
    Script.Command first = group == null || group.commands.isEmpty() ? null : group.commands.get(0);
    String where = first == null ? "" : "group " + (groupIndex + 1) + " (line " + first.line + ", '"
        + abbreviate(first.text) + "'): ";
    failures.add(where + message);
  }

  private static String abbreviate(String s) {
    String t = s.replace("\r\n", "\\r\\n");
    return t.length() > 400 ? t.substring(0, 400) + "..." : t;
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** The mailbox name as an IMAP URL path segment (RFC 5092): percent-encoded outside unreserved characters. */
  private static String urlPath(String mailbox) {
    StringBuilder sb = new StringBuilder();
    for (byte b : mailbox.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~!$&'()*+,=:@/".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }
}
