package io.mailcove.imaptest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One parsed imaptest script: its header and its command groups (format: scripted_test.md). */
final class Script {
  /** How far the runner prepares the test mailbox before the first command. */
  enum State { NONAUTH, AUTH, CREATED, APPENDED, SELECTED }

  /** Whether an expected untagged reply must ({@code *}), must not ({@code !}) or may ({@code ?}) appear. */
  enum Existence { MUST, MUST_NOT, MAY }

  /** An expected untagged reply, without its leading "* ". */
  record Untagged(List<ImapArg> args, Existence existence, int line) {}

  /** A command as written (variables not yet expanded) and its expected tagged reply; tag 0 = not pipelined. */
  static final class Command {
    final int tag;
    final String text;
    final int line;
    List<ImapArg> reply;

    Command(int tag, String text, int line, List<ImapArg> reply) {
      this.tag = tag;
      this.text = text;
      this.line = line;
      this.reply = reply;
    }

    boolean expectsBad() {
      return reply != null && !reply.isEmpty() && reply.get(0).atomIs("bad");
    }
  }

  /** Commands sent together on one connection, and the untagged replies expected while they run. */
  static final class Group {
    int connection;
    final List<Command> commands = new ArrayList<>();
    final List<Untagged> untagged = new ArrayList<>();
    int repliesPending;
    boolean ordered;
    boolean hasUntaggedBye;
    long sleepMillis;

    int line() {
      return commands.isEmpty() ? (untagged.isEmpty() ? 0 : untagged.get(0).line()) : commands.get(0).line;
    }
  }

  final String name;
  List<String> capabilities = List.of();
  int connections = 1;
  /** Messages appended from the mbox before the test; -1 = all of them once. */
  int messages = 0;
  State state = State.SELECTED;
  boolean ignoreExtraUntagged = true;
  boolean requiresSecondUser;
  final Map<Integer, String> users = new TreeMap<>();
  final List<Group> groups = new ArrayList<>();
  String mbox;

  Script(String name) {
    this.name = name;
  }

  boolean hasLogout() {
    for (Group g : groups) {
      for (Command c : g.commands) {
        if (c.text.equalsIgnoreCase("logout") || g.hasUntaggedBye) {
          return true;
        }
      }
    }
    return false;
  }
}
