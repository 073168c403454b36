package io.mailcove.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Lenient RFC 5322 §3.4 address-list parser producing IMAP address structures (RFC 9051 §7.5.2): name, source route
 * (adl), mailbox, host. Groups become a start marker (mailbox = group name, host = NIL) and an end marker (all NIL).
 * Display names keep encoded-words as they are; quoted-strings are unquoted; a comment after an addr-spec serves as
 * the name when there is no display name. A missing local part or domain is reported as MISSING_MAILBOX /
 * MISSING_DOMAIN (like Dovecot), so that it is never mistaken for a group marker.
 */
public final class AddressParser {
  public static final String MISSING_MAILBOX = "MISSING_MAILBOX";
  public static final String MISSING_DOMAIN = "MISSING_DOMAIN";

  /** One IMAP address; all four null = group end marker; host null = group start. */
  public record Address(String name, String route, String mailbox, String host) {
    public boolean isGroupStart() {
      return host == null && mailbox != null;
    }

    public boolean isGroupEnd() {
      return mailbox == null && host == null;
    }

    /** A mailbox with both a local part and a domain (not a group marker, nothing missing). */
    public boolean isComplete() {
      return mailbox != null && host != null && !mailbox.equals(MISSING_MAILBOX) && !host.equals(MISSING_DOMAIN);
    }

    /** {@code local@domain}, or null when a part is missing. */
    public String address() {
      return isComplete() ? mailbox + "@" + host : null;
    }

    /** The domain, or null when missing. */
    public String domain() {
      return isComplete() ? host : null;
    }

    /** The display name with its encoded-words decoded (RFC 2047 §6), or null. */
    public String displayName() {
      return name == null ? null : MessageParser.decode(name);
    }
  }

  private enum Kind { ATOM, QUOTED, COMMENT, SPECIAL, DOMAIN_LITERAL }

  private record Token(Kind kind, String text) {
    boolean is(char c) {
      return kind == Kind.SPECIAL && text.charAt(0) == c;
    }
  }

  private final List<Token> tokens;
  private int pos;

  private AddressParser(String value) {
    this.tokens = tokenize(value);
  }

  /** Parses an address-list header value; an empty or unusable value gives an empty list. */
  public static List<Address> parse(String value) {
    if (value == null) {
      return List.of();
    }
    try {
      return new AddressParser(value).list();
    } catch (RuntimeException e) {
      return List.of(); // defensive: never fail on a header
    }
  }

  /**
   * The mailboxes of an address-list value, groups flattened (RFC 5322 §3.4: a group's members count, its markers
   * do not). This is how every sender address (From, Sender, Reply-To) is read.
   */
  public static List<Address> mailboxes(String value) {
    List<Address> out = new ArrayList<>();
    for (Address a : parse(value)) {
      if (!a.isGroupStart() && !a.isGroupEnd()) {
        out.add(a);
      }
    }
    return out;
  }

  private List<Address> list() {
    List<Address> out = new ArrayList<>();
    boolean inGroup = false;
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (t.is(',')) {
        pos++;
        continue;
      }
      if (t.is(';')) {
        pos++;
        if (inGroup) {
          out.add(new Address(null, null, null, null));
          inGroup = false;
        }
        continue;
      }
      int before = pos;
      groupStarted = false;
      parseOne(out, inGroup);
      if (groupStarted) {
        inGroup = true;
      }
      if (pos == before) {
        pos++; // no progress: skip the offending token
      }
    }
    if (inGroup) {
      out.add(new Address(null, null, null, null)); // unterminated group
    }
    return out;
  }

  private boolean groupStarted;

  /** Parses one mailbox or a group start ("name:") into out. */
  private void parseOne(List<Address> out, boolean inGroup) {
    List<Token> phrase = new ArrayList<>();
    String comment = null;
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (t.kind == Kind.COMMENT) {
        if (comment == null) {
          comment = t.text;
        }
        pos++;
        continue;
      }
      if (t.kind == Kind.SPECIAL) {
        char c = t.text.charAt(0);
        if (c == ':' && !inGroup) {
          pos++;
          out.add(new Address(null, null, phraseText(phrase, " "), null));
          groupStarted = true;
          return;
        }
        if (c == '<') {
          pos++;
          angleAddr(out, phrase.isEmpty() ? null : phraseText(phrase, " "), comment);
          return;
        }
        if ((c == '@' || c == '.') && !angleFollows()) {
          addrSpec(out, phrase, comment);
          return;
        }
        if (c == '.' && !phrase.isEmpty()) {
          // "John Q. Public <jqp@example.com>": the dot belongs to the display name
          Token last = phrase.remove(phrase.size() - 1);
          phrase.add(new Token(Kind.ATOM, last.text + "."));
          pos++;
          continue;
        }
        if (c == ',' || c == ';') {
          break;
        }
        // stray special (':' inside a group, '>', ...): treat as part of the phrase
        phrase.add(new Token(Kind.ATOM, t.text));
        pos++;
        continue;
      }
      phrase.add(t);
      pos++;
    }
    if (!phrase.isEmpty()) {
      // a bare word: a local part without domain
      out.add(new Address(comment, null, phraseText(phrase, "."), MISSING_DOMAIN));
    }
  }

  /** addr-spec starting with the words already collected as the local part. */
  private void addrSpec(List<Address> out, List<Token> localWords, String comment) {
    StringBuilder local = new StringBuilder(joinWords(localWords, ""));
    while (pos < tokens.size() && tokens.get(pos).is('.')) {
      local.append('.');
      pos++;
      if (pos < tokens.size() && isWord(tokens.get(pos))) {
        local.append(tokens.get(pos++).text);
      }
    }
    String domain = null;
    if (pos < tokens.size() && tokens.get(pos).is('@')) {
      pos++;
      domain = domain();
    }
    // trailing comment becomes the name: "user@domain (Real Name)"
    while (pos < tokens.size() && tokens.get(pos).kind == Kind.COMMENT) {
      if (comment == null) {
        comment = tokens.get(pos).text;
      }
      pos++;
    }
    skipToSeparator();
    out.add(new Address(comment, null, local.isEmpty() ? MISSING_MAILBOX : local.toString(),
        domain == null || domain.isEmpty() ? MISSING_DOMAIN : domain));
  }

  /** After '<': [route ':'] addr-spec '>'. */
  private void angleAddr(List<Address> out, String name, String comment) {
    String route = null;
    if (pos < tokens.size() && tokens.get(pos).is('@')) {
      StringBuilder r = new StringBuilder();
      while (pos < tokens.size() && !tokens.get(pos).is(':') && !tokens.get(pos).is('>')) {
        Token t = tokens.get(pos++);
        if (t.kind != Kind.COMMENT) {
          r.append(t.text);
        }
      }
      if (pos < tokens.size() && tokens.get(pos).is(':')) {
        pos++;
        route = r.toString();
      }
    }
    StringBuilder local = new StringBuilder();
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (t.is('@') || t.is('>')) {
        break;
      }
      if (t.kind != Kind.COMMENT) {
        local.append(t.text);
      }
      pos++;
    }
    String domain = null;
    if (pos < tokens.size() && tokens.get(pos).is('@')) {
      pos++;
      StringBuilder d = new StringBuilder();
      while (pos < tokens.size() && !tokens.get(pos).is('>')) {
        Token t = tokens.get(pos++);
        if (t.kind != Kind.COMMENT) {
          d.append(t.kind == Kind.DOMAIN_LITERAL ? "[" + t.text + "]" : t.text);
        }
      }
      domain = d.toString();
    }
    if (pos < tokens.size() && tokens.get(pos).is('>')) {
      pos++;
    }
    if (name == null) {
      while (pos < tokens.size() && tokens.get(pos).kind == Kind.COMMENT) {
        if (comment == null) {
          comment = tokens.get(pos).text;
        }
        pos++;
      }
      name = comment;
    }
    skipToSeparator();
    if (local.isEmpty() && (domain == null || domain.isEmpty()) && route == null) {
      // "<>" (null reverse path): Dovecot reports an empty address with the name, if any
      out.add(new Address(name, null, MISSING_MAILBOX, MISSING_DOMAIN));
      return;
    }
    out.add(new Address(name, route, local.isEmpty() ? MISSING_MAILBOX : local.toString(),
        domain == null || domain.isEmpty() ? MISSING_DOMAIN : domain));
  }

  private String domain() {
    StringBuilder d = new StringBuilder();
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (t.kind == Kind.ATOM || t.is('.')) {
        d.append(t.text);
      } else if (t.kind == Kind.DOMAIN_LITERAL) {
        d.append('[').append(t.text).append(']');
      } else {
        break;
      }
      pos++;
    }
    return d.toString();
  }

  /** Is there a '<' before the next ',' or ';'? Then the current tokens are a display name. */
  private boolean angleFollows() {
    for (int i = pos; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.is(',') || t.is(';')) {
        return false;
      }
      if (t.is('<')) {
        return true;
      }
    }
    return false;
  }

  private void skipToSeparator() {
    while (pos < tokens.size() && !tokens.get(pos).is(',') && !tokens.get(pos).is(';')) {
      pos++;
    }
  }

  private static boolean isWord(Token t) {
    return t.kind == Kind.ATOM || t.kind == Kind.QUOTED;
  }

  private static String joinWords(List<Token> words, String sep) {
    StringBuilder sb = new StringBuilder();
    for (Token w : words) {
      if (!sb.isEmpty()) {
        sb.append(sep);
      }
      sb.append(w.text);
    }
    return sb.toString();
  }

  private static String phraseText(List<Token> phrase, String sep) {
    return joinWords(phrase, sep);
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < n) {
          char d = s.charAt(i++);
          if (d == '\\' && i < n) {
            sb.append(s.charAt(i++));
          } else if (d == '"') {
            break;
          } else {
            sb.append(d);
          }
        }
        out.add(new Token(Kind.QUOTED, sb.toString()));
      } else if (c == '(') {
        StringBuilder sb = new StringBuilder();
        int depth = 1;
        i++;
        while (i < n && depth > 0) {
          char d = s.charAt(i++);
          if (d == '\\' && i < n) {
            sb.append(s.charAt(i++));
          } else if (d == '(') {
            depth++;
            sb.append(d);
          } else if (d == ')') {
            if (--depth > 0) {
              sb.append(d);
            }
          } else {
            sb.append(d);
          }
        }
        out.add(new Token(Kind.COMMENT, sb.toString().trim()));
      } else if (c == '[') {
        int close = s.indexOf(']', i);
        int end = close < 0 ? n : close;
        out.add(new Token(Kind.DOMAIN_LITERAL, s.substring(i + 1, end)));
        i = close < 0 ? n : close + 1;
      } else if ("<>@,;:.".indexOf(c) >= 0) {
        out.add(new Token(Kind.SPECIAL, String.valueOf(c)));
        i++;
      } else {
        int start = i;
        while (i < n) {
          char d = s.charAt(i);
          if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '"' || d == '(' || d == '['
              || "<>@,;:.)]".indexOf(d) >= 0) {
            break;
          }
          i++;
        }
        if (i == start) {
          i++; // stray ')' or ']'
          continue;
        }
        out.add(new Token(Kind.ATOM, s.substring(start, i)));
      }
    }
    return out;
  }
}
