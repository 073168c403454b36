package io.mailcove.imaptest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One IMAP argument of a script line or a server response: an atom, a quoted string, a literal, NIL or a
 * parenthesised list. Text is kept as ISO-8859-1 so that every byte survives unchanged.
 */
final class ImapArg {
  enum Type { ATOM, STRING, LITERAL, NIL, LIST }

  final Type type;
  final String value;
  final List<ImapArg> list;

  private ImapArg(Type type, String value, List<ImapArg> list) {
    this.type = type;
    this.value = value;
    this.list = list;
  }

  static ImapArg atom(String value) {
    return new ImapArg(Type.ATOM, value, null);
  }

  static ImapArg string(String value) {
    return new ImapArg(Type.STRING, value, null);
  }

  static ImapArg literal(String value) {
    return new ImapArg(Type.LITERAL, value, null);
  }

  static ImapArg nil() {
    return new ImapArg(Type.NIL, "NIL", null);
  }

  static ImapArg list(List<ImapArg> items) {
    return new ImapArg(Type.LIST, null, items);
  }

  boolean isList() {
    return type == Type.LIST;
  }

  boolean isAtom() {
    return type == Type.ATOM;
  }

  /** Atom, quoted string or literal: anything with a string value (IMAP astring, without NIL). */
  boolean isAstring() {
    return type == Type.ATOM || type == Type.STRING || type == Type.LITERAL;
  }

  boolean atomIs(String s) {
    return type == Type.ATOM && value.equalsIgnoreCase(s);
  }

  ImapArg copy() {
    if (type != Type.LIST) {
      return this;
    }
    List<ImapArg> items = new ArrayList<>(list.size());
    for (ImapArg a : list) {
      items.add(a.copy());
    }
    return list(items);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    render(sb);
    return sb.toString();
  }

  void render(StringBuilder sb) {
    switch (type) {
      case ATOM, NIL -> sb.append(value);
      case STRING -> quote(sb, value);
      case LITERAL -> {
        sb.append('{').append(value.length()).append("}");
        quote(sb, value.length() > 400 ? value.substring(0, 400) + "..." : value);
      }
      case LIST -> {
        sb.append('(');
        renderAll(sb, list);
        sb.append(')');
      }
      default -> throw new IllegalStateException();
    }
  }

  static String render(List<ImapArg> args) {
    StringBuilder sb = new StringBuilder();
    renderAll(sb, args);
    return sb.toString();
  }

  private static void renderAll(StringBuilder sb, List<ImapArg> args) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      args.get(i).render(sb);
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    sb.append('"');
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
