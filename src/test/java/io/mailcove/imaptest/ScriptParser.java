package io.mailcove.imaptest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Reads the imaptest script format: a header of {@code key: value} lines, a blank line, then commands, each
 * optionally prefixed by a connection number and an expected result ({@code ok}, {@code no}, {@code bad},
 * {@code ""}), followed by expected untagged replies ({@code *}, {@code !}, {@code ?}). Multi-line literals are
 * written between {@code {{{} and {@code }}}} ({@code ~{{{} for a literal8). Comments start with '#'.
 */
final class ScriptParser {
  /** A script that does not follow the format. */
  static final class ScriptSyntaxException extends Exception {
    ScriptSyntaxException(String message) {
      super(message);
    }
  }

  private record IfEnv(boolean skipBefore, boolean elseSeen) {}

  private final Script script;
  private Script.Group group;
  private final Deque<IfEnv> ifenv = new ArrayDeque<>();
  private boolean skip;

  private ScriptParser(Script script) {
    this.script = script;
  }

  static Script parse(Path file) throws IOException, ScriptSyntaxException {
    String name = file.getFileName().toString();
    Script script = new Script(name);
    Path mbox = file.resolveSibling(name + ".mbox");
    script.mbox = Files.exists(mbox) ? mbox.toString() : file.resolveSibling("default.mbox").toString();
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    new ScriptParser(script).parseText(text);
    if (!script.hasLogout()) {
      Script.Group logout = new Script.Group();
      logout.connection = 0;
      logout.commands.add(new Script.Command(0, "logout", 0, List.of(ImapArg.atom("ok"))));
      script.groups.add(logout);
    }
    return script;
  }

  private void parseText(String text) throws ScriptSyntaxException {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        throw new ScriptSyntaxException("last line does not end with LF");
      }
      lines.add(text.substring(start, nl));
      start = nl + 1;
    }
    boolean header = true;
    StringBuilder multiline = null;
    boolean binary = false;
    int literalStart = 0;
    int lastLineEnd = 0;
    int startLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i); // kept raw: a CR before the LF is content (literal8 blocks rely on it)
      if (multiline != null) {
        if (!line.startsWith("}}}")) {
          multiline.append(line);
          lastLineEnd = multiline.length();
          multiline.append(binary ? "\n" : "\r\n");
          continue;
        }
        multiline.setLength(lastLineEnd);
        String rest = line.substring(3);
        multiline.insert(literalStart, (binary ? "~" : "") + "{" + (multiline.length() - literalStart) + "}\r\n");
        if (rest.endsWith("{{{")) {
          int len = rest.length();
          binary = len > 3 && rest.charAt(len - 4) == '~';
          multiline.append(rest, 0, len - 3 - (binary ? 1 : 0));
          literalStart = multiline.length();
          lastLineEnd = multiline.length();
          continue;
        }
        multiline.append(rest);
        line = multiline.toString();
        multiline = null;
      } else {
        startLine = i + 1;
        if (line.isEmpty()) {
          header = false;
          continue;
        }
        if (line.charAt(0) == '#') {
          continue;
        }
        if (line.endsWith("{{{")) {
          int len = line.length();
          binary = len > 3 && line.charAt(len - 4) == '~';
          multiline = new StringBuilder();
          multiline.append(line, 0, len - 3 - (binary ? 1 : 0));
          literalStart = multiline.length();
          lastLineEnd = multiline.length();
          continue;
        }
      }
      try {
        if (header) {
          headerLine(line);
        } else {
          commandLine(line, startLine);
        }
      } catch (ScriptSyntaxException e) {
        throw new ScriptSyntaxException("line " + startLine + ": " + e.getMessage());
      }
    }
    if (multiline != null) {
      throw new ScriptSyntaxException("multi-line literal at line " + startLine + " not ended");
    }
    if (group == null) {
      throw new ScriptSyntaxException("no commands");
    }
    if (group.repliesPending > 0) {
      throw new ScriptSyntaxException("missing reply for a command of the last group");
    }
    if (!ifenv.isEmpty()) {
      throw new ScriptSyntaxException("!ifenv not closed with !endif");
    }
  }

  private void headerLine(String line) throws ScriptSyntaxException {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new ScriptSyntaxException("missing ':' in header line");
    }
    String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = line.substring(colon + 1).trim();
    switch (key) {
      case "capabilities" -> script.capabilities = List.of(value.split("\\s+"));
      case "connections" -> {
        script.connections = Integer.parseInt(value.split("\\s+")[0]);
        if (script.connections < 1 || script.connections > 100) {
          throw new ScriptSyntaxException("bad connection count");
        }
      }
      case "ignore_extra_untagged" -> script.ignoreExtraUntagged = value.startsWith("y");
      case "messages" -> script.messages = value.equals("all") ? -1 : Integer.parseInt(value);
      case "state" -> script.state = switch (value.toLowerCase(Locale.ROOT)) {
        case "nonauth" -> Script.State.NONAUTH;
        case "auth" -> Script.State.AUTH;
        case "created" -> Script.State.CREATED;
        case "appended" -> Script.State.APPENDED;
        case "selected" -> Script.State.SELECTED;
        default -> throw new ScriptSyntaxException("unknown state " + value);
      };
      default -> {
        if (key.startsWith("user ")) {
          int idx = Integer.parseInt(key.substring(5).trim());
          if (value.equals("$user2") || value.equals("${user2}")) {
            script.requiresSecondUser = true;
          }
          script.users.put(idx, value);
        } else {
          throw new ScriptSyntaxException("unknown header " + key);
        }
      }
    }
  }

  private static Script.Existence untaggedKind(String line) {
    if (line.startsWith("* ")) {
      return Script.Existence.MUST;
    } else if (line.startsWith("! ")) {
      return Script.Existence.MUST_NOT;
    } else if (line.startsWith("? ")) {
      return Script.Existence.MAY;
    }
    return null;
  }

  private void commandLine(String line, int lineNo) throws ScriptSyntaxException {
    if (line.startsWith("!ifenv ") || line.startsWith("!ifnenv ")) {
      boolean ifn = line.startsWith("!ifnenv ");
      String env = line.substring(ifn ? 8 : 7).trim();
      boolean present = System.getenv(env) != null;
      ifenv.push(new IfEnv(skip, false));
      if (present == ifn) {
        skip = true;
      }
      return;
    }
    if (line.equals("!else")) {
      if (ifenv.isEmpty() || ifenv.peek().elseSeen()) {
        throw new ScriptSyntaxException("misplaced !else");
      }
      IfEnv top = ifenv.pop();
      ifenv.push(new IfEnv(top.skipBefore(), true));
      if (!top.skipBefore()) {
        skip = !skip;
      }
      return;
    }
    if (line.equals("!endif")) {
      if (ifenv.isEmpty()) {
        throw new ScriptSyntaxException("!endif without !ifenv");
      }
      skip = ifenv.pop().skipBefore();
      return;
    }
    if (skip) {
      return;
    }
    if (group != null) {
      if (line.startsWith("!sleep ")) {
        group.sleepMillis = parseMillis(line.substring(7).trim());
        return;
      }
      if (line.startsWith("!output ")) {
        return;
      }
      if (line.equals("!ordered")) {
        group.ordered = true;
        return;
      }
      Script.Existence kind = untaggedKind(line);
      if (kind != null) {
        addUntagged(line.substring(2), kind, lineNo);
        return;
      }
      if (group.repliesPending > 0) {
        String noConn = line;
        int replyConn = 0;
        if (script.connections > 1) {
          String first = firstToken(noConn);
          if (isUint(first) && Integer.parseInt(first) > 0) {
            replyConn = Integer.parseInt(first);
            int sp = noConn.indexOf(' ');
            noConn = sp < 0 ? "" : noConn.substring(sp + 1);
          }
        }
        ReplyPrefix rp = replyPrefix(noConn);
        if (rp.reply != null) {
          if (script.connections > 1) {
            if (replyConn == 0) {
              throw new ScriptSyntaxException("missing connection number");
            }
            if (replyConn - 1 != group.connection) {
              throw new ScriptSyntaxException("reply for the wrong connection");
            }
          }
          finishCommand(rp.tag, noConn);
          return;
        }
      }
    }
    if (group == null || group.repliesPending == 0) {
      group = new Script.Group();
      script.groups.add(group);
    }
    String rest = line;
    if (script.connections > 1) {
      String first = firstToken(rest);
      if (!isUint(first) || Integer.parseInt(first) == 0) {
        throw new ScriptSyntaxException("missing connection number");
      }
      int idx = Integer.parseInt(first);
      if (!group.commands.isEmpty() && group.connection != idx - 1) {
        throw new ScriptSyntaxException("all pipelined commands must use the same connection");
      }
      group.connection = idx - 1;
      if (script.connections < idx) {
        script.connections = idx;
      }
      int sp = rest.indexOf(' ');
      rest = sp < 0 ? "" : rest.substring(sp + 1);
    }
    ReplyPrefix rp = replyPrefix(rest);
    rest = rp.rest;
    if (rp.tag == 0) {
      if (group.repliesPending > 0) {
        throw new ScriptSyntaxException("missing reply from the previous command group");
      }
    } else {
      for (Script.Command c : group.commands) {
        if (c.tag == rp.tag) {
          throw new ScriptSyntaxException("tag reused within a command group");
        }
      }
    }
    if (group.commands.isEmpty() && untaggedKind(rest) != null) {
      addUntagged(rest.substring(2), untaggedKind(rest), lineNo); // banner check
      return;
    }
    if (rp.reply == null) {
      group.repliesPending++;
    }
    group.commands.add(new Script.Command(rp.tag, rest, lineNo, rp.reply));
  }

  private void finishCommand(int tag, String line) throws ScriptSyntaxException {
    Script.Command cmd = null;
    for (Script.Command c : group.commands) {
      if (c.tag == tag) {
        cmd = c;
      }
    }
    if (cmd == null) {
      throw new ScriptSyntaxException("reply for an unknown tag");
    }
    if (cmd.reply != null) {
      throw new ScriptSyntaxException("command already has a reply");
    }
    List<ImapArg> args = ImapArgParser.parse(line);
    cmd.reply = new ArrayList<>(args.subList(tag == 0 ? 0 : 1, args.size()));
    if (!cmd.reply.isEmpty() && cmd.reply.get(0).type == ImapArg.Type.STRING && cmd.reply.get(0).value.isEmpty()) {
      cmd.reply.set(0, ImapArg.atom(""));
    }
    group.repliesPending--;
  }

  private record ReplyPrefix(List<ImapArg> reply, int tag, String rest) {}

  /** Parses an optional "tagN" and an optional expected result at the start of a line. */
  private static ReplyPrefix replyPrefix(String line) {
    int tag = 0;
    String rest = line;
    String first = firstToken(rest);
    if (first.regionMatches(true, 0, "tag", 0, 3) && rest.indexOf(' ') > 0 && isUint(first.substring(3))
        && Integer.parseInt(first.substring(3)) > 0) {
      tag = Integer.parseInt(first.substring(3));
      rest = rest.substring(rest.indexOf(' ') + 1);
      first = firstToken(rest);
    }
    List<ImapArg> reply = null;
    String expected = null;
    if (first.equalsIgnoreCase("ok") || first.equalsIgnoreCase("no") || first.equalsIgnoreCase("bad")) {
      expected = first.toLowerCase(Locale.ROOT);
    } else if (first.equals("\"\"")) {
      expected = "";
    }
    if (expected != null) {
      reply = List.of(ImapArg.atom(expected));
      rest = rest.substring(first.length());
      if (rest.startsWith(" ")) {
        rest = rest.substring(1);
      }
    }
    return new ReplyPrefix(reply, tag, rest);
  }

  private void addUntagged(String text, Script.Existence kind, int lineNo) throws ScriptSyntaxException {
    List<ImapArg> args = new ArrayList<>(ImapArgParser.parse(text));
    String name = "";
    if (!args.isEmpty() && args.get(0).isAtom()) {
      name = args.get(0).value;
      char c = name.isEmpty() ? ' ' : name.charAt(0);
      if (c == '$' || Character.isDigit(c)) {
        name = args.size() > 1 && args.get(1).isAtom() ? args.get(1).value : "";
      }
    }
    Directives top = new Directives(null, ImapArg.lower(name), null, 0);
    top.handle(args);
    if (name.regionMatches(true, 0, "BYE", 0, 3)) {
      if (kind == Script.Existence.MUST) {
        group.hasUntaggedBye = true;
      } else if (kind == Script.Existence.MAY) {
        throw new ScriptSyntaxException("? BYE is not supported");
      }
    }
    group.untagged.add(new Script.Untagged(args, kind, lineNo));
  }

  /** Default list directives of imaptest (see scripted_test.md "Directives"), added to lists that have none. */
  private static final class Directives {
    final Directives parent;
    final String replyName;
    final String prevAtom;
    final int parentChainIndex;
    int chainCount = 1;
    boolean explicit;

    Directives(Directives parent, String replyName, String prevAtom, int parentChainIndex) {
      this.parent = parent;
      this.replyName = replyName;
      this.prevAtom = prevAtom;
      this.parentChainIndex = parentChainIndex;
    }

    void handle(List<ImapArg> list) throws ScriptSyntaxException {
      int i = 0;
      while (i < list.size() && list.get(i).isAtom() && list.get(i).value.startsWith("$!")) {
        String d = list.get(i).value.substring(2);
        if (d.startsWith("unordered")) {
          if (d.length() > 9) {
            if (d.charAt(9) != '=' || !isUint(d.substring(10))) {
              throw new ScriptSyntaxException("broken $!unordered directive");
            }
            chainCount = Integer.parseInt(d.substring(10));
          }
        } else if (!(d.equals("ordered") || d.equals("noextra") || d.equals("extra") || d.startsWith("ignore=")
            || d.startsWith("ban="))) {
          throw new ScriptSyntaxException("unknown directive " + d);
        }
        explicit = true;
        i++;
      }
      if (!explicit) {
        addDefaults(list);
      }
      int directives = 0;
      while (directives < list.size() && list.get(directives).isAtom()
          && list.get(directives).value.startsWith("$!")) {
        directives++;
      }
      if ((list.size() - directives) % chainCount != 0) {
        throw new ScriptSyntaxException("list argument count does not fit chain size " + chainCount);
      }
      String prev = null;
      for (int k = 0; k < list.size(); k++) {
        ImapArg a = list.get(k);
        if (a.isAtom()) {
          prev = ImapArg.lower(a.value);
        }
        if (!a.isList()) {
          continue;
        }
        Directives sub = new Directives(this, replyName, prev, chainCount == 1 ? k : k % chainCount);
        sub.handle(a.list);
      }
    }

    private void addDefaults(List<ImapArg> list) {
      if (parent == null) {
        return;
      }
      switch (replyName) {
        case "list", "lsub" -> {
          if (parent.parent == null && parent.parentChainIndex == 0 && parentChainIndex == 1) {
            list.add(0, ImapArg.atom("$!unordered"));
          }
        }
        case "status" -> {
          if (parent.parent == null && parent.parentChainIndex == 0 && parentChainIndex == 2) {
            list.add(0, ImapArg.atom("$!unordered=2"));
          }
        }
        case "fetch" -> {
          if (parent.parent == null && parent.parentChainIndex == 0 && parentChainIndex == 2) {
            list.add(0, ImapArg.atom("$!unordered=2"));
          } else if (parent.parent != null && parent.parent.parent == null && parent.parent.parentChainIndex == 0
              && parent.parentChainIndex == 2 && "flags".equals(prevAtom)) {
            list.add(0, ImapArg.atom("$!unordered"));
            list.add(0, ImapArg.atom("$!noextra"));
            list.add(0, ImapArg.atom("$!ignore=\\recent"));
            list.add(0, ImapArg.atom("$!ignore=$HasAttachment"));
            list.add(0, ImapArg.atom("$!ignore=$HasNoAttachment"));
          }
        }
        default -> {
          // no defaults for other replies
        }
      }
    }
  }

  private static long parseMillis(String s) {
    if (s.endsWith("ms")) {
      return Long.parseLong(s.substring(0, s.length() - 2).trim());
    }
    if (s.endsWith("s")) {
      return Long.parseLong(s.substring(0, s.length() - 1).trim()) * 1000;
    }
    return Long.parseLong(s) * 1000;
  }

  private static String firstToken(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? s : s.substring(0, sp);
  }

  private static boolean isUint(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
