package io.mailcove.config;

/** A TOML document that breaks the TOML 1.0.0 grammar; names the line (and column) of the problem. */
final class TomlSyntaxException extends RuntimeException {
  private final int line;
  private final int column;

  TomlSyntaxException(String problem, int line, int column) {
    super(problem);
    this.line = line;
    this.column = column;
  }

  /** 1-based line of the problem. */
  int line() {
    return line;
  }

  /** 1-based column (in characters) of the problem. */
  int column() {
    return column;
  }

  /** The problem and its column, for a message that already names the file and line. */
  String problemAtColumn() {
    return getMessage() + " (column " + column + ")";
  }
}
