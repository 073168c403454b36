package io.mailcove;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store owns all SQL: outside {@code io.mailcove.store} (its interfaces and its backends) no main source imports
 * {@code java.sql} or {@code javax.sql}, runs a JDBC statement, or holds an SQL statement in a string. Another backend
 * can then replace the store without any change to the protocol packages.
 */
class ArchitectureSqlTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path STORE = MAIN.resolve("io/mailcove/store");

  private static final Pattern JDBC_IMPORT = Pattern.compile("(?m)^\\s*import\\s+(static\\s+)?javax?\\.sql\\.");
  private static final Pattern JDBC_USE = Pattern.compile(
      "\\bjavax?\\.sql\\.|\\.(prepareStatement|createStatement|executeQuery|executeUpdate|executeBatch)\\s*\\(");
  private static final List<Pattern> SQL = List.of(
      Pattern.compile("\\bSELECT\\b.*\\bFROM\\b", Pattern.DOTALL),
      Pattern.compile("\\bSELECT\\s+$"),
      Pattern.compile("\\bINSERT\\s+INTO\\b"),
      Pattern.compile("\\bUPDATE\\s+\\w+\\s+SET\\b"),
      Pattern.compile("\\bDELETE\\s+FROM\\b"),
      Pattern.compile("\\b(CREATE|ALTER|DROP)\\s+(TABLE|INDEX|VIEW)\\b"),
      Pattern.compile("\\bPRAGMA\\s+\\w+"));

  @Test
  void noSqlOutsideTheStore() throws IOException {
    List<String> offences = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(MAIN)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.startsWith(STORE)).sorted()
          .toList();
    }
    assertThat(sources).as("main sources outside the store").hasSizeGreaterThan(50);
    for (Path file : sources) {
      offences.addAll(offences(MAIN.relativize(file).toString(), Files.readString(file)));
    }
    assertThat(offences).as("SQL belongs in io.mailcove.store (an interface there, its SQL in store/sqlite)")
        .isEmpty();
  }

  @Test
  void theScanFindsSqlAndJdbcButNotImapOrProse() {
    assertThat(offences("A.java", "import java.sql.Connection;\nclass A {}")).hasSize(1);
    assertThat(offences("A.java", "class A { javax.sql.DataSource ds; }")).hasSize(1);
    assertThat(offences("A.java", "class A { void f(Object c) { c.prepareStatement(q); } }")).hasSize(1);
    assertThat(offences("A.java", "class A { String q = \"SELECT selector FROM dkim_keys WHERE domain = ?\"; }"))
        .hasSize(1);
    assertThat(offences("A.java", "class A { String q = \"SELECT \" + COLUMNS; }")).hasSize(1);
    assertThat(offences("A.java", "class A { String q = \"DELETE FROM bans WHERE banned_until < ?\"; }")).hasSize(1);
    assertThat(offences("A.java", "class A { String q = \"UPDATE queue_recipients SET state = ?\"; }")).hasSize(1);
    assertThat(offences("A.java", "class A { String q = \"\"\"\n    INSERT INTO t (a) VALUES (?)\n    \"\"\"; }"))
        .hasSize(1);
    // IMAP's SELECT, POP3's UPDATE state, and SQL words in comments are not SQL statements
    assertThat(offences("A.java", """
        class A {
          // the rows: SELECT id FROM messages, said in a comment
          /* DELETE FROM nothing */
          String a = "SELECT";
          String b = "* OK [READ-WRITE] SELECT completed";
          String c = "UPDATE state: expunge the deleted messages";
          char q = '"';
          String d = "escaped \\" quote, then SELECT completed";
        }
        """)).isEmpty();
  }

  /** What in one source file puts SQL or JDBC outside the store: one line per finding. */
  static List<String> offences(String name, String source) {
    List<String> out = new ArrayList<>();
    StringBuilder code = new StringBuilder();
    List<String> literals = new ArrayList<>();
    split(source, code, literals);
    if (JDBC_IMPORT.matcher(code).find() || JDBC_USE.matcher(code).find()) {
      out.add(name + ": uses JDBC (java.sql / javax.sql)");
    }
    for (String literal : literals) {
      for (Pattern p : SQL) {
        if (p.matcher(literal).find()) {
          out.add(name + ": SQL in a string: " + literal.strip());
          break;
        }
      }
    }
    return out;
  }

  /** Separates Java source into code without comments or literals, and the string literals (text blocks too). */
  private static void split(String s, StringBuilder code, List<String> literals) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        int end = s.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end;
        literals.add(s.substring(i + 3, end));
        code.append("\"\"");
        i = Math.min(n, end + 3);
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        if (c == '"') {
          literals.add(s.substring(i + 1, Math.min(j, n)));
        }
        code.append(c).append(c);
        i = j + 1;
      } else {
        code.append(c);
        i++;
      }
    }
  }
}
