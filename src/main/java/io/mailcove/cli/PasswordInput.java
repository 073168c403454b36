package io.mailcove.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password: from an interactive prompt with confirmation when stdin is a terminal, otherwise the first
 * line of stdin. Never from the command line, where other users of the machine could read it in the process list.
 */
final class PasswordInput {
  private PasswordInput() {}

  /** The new password; the administration service checks it against the password policy. */
  static char[] readNew(CliContext ctx, String address) {
    Console console = ctx.interactive ? terminal() : null;
    char[] password;
    if (console != null) {
      password = console.readPassword("New password for %s: ", address);
      char[] again = console.readPassword("Repeat the password: ");
      if (password == null || again == null) {
        throw new CliException("no password entered");
      }
      boolean same = Arrays.equals(password, again);
      Arrays.fill(again, '\0');
      if (!same) {
        Arrays.fill(password, '\0');
        throw new CliException("the two passwords differ; nothing was changed");
      }
    } else {
      password = firstLine(ctx.in);
      if (password == null || password.length == 0) {
        throw new CliException("no password on stdin; type it at the prompt, or pipe it in, e.g. "
            + "printf '%s\\n' \"$PASSWORD\" | " + CliContext.commandName() + " user add " + address);
      }
    }
    return password;
  }

  private static Console terminal() {
    Console c = System.console();
    if (c == null) {
      return null;
    }
    try { // Console.isTerminal() exists from Java 22 on, where System.console() is not null for a pipe
      Object terminal = Console.class.getMethod("isTerminal").invoke(c);
      return Boolean.TRUE.equals(terminal) ? c : null;
    } catch (ReflectiveOperationException e) {
      return c; // Java 21: a console exists only on a terminal
    }
  }

  private static char[] firstLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        line.write(b);
      }
    } catch (IOException e) {
      throw new CliException("cannot read the password from stdin (" + e.getMessage() + ")");
    }
    byte[] bytes = line.toByteArray();
    int n = bytes.length;
    if (n > 0 && bytes[n - 1] == '\r') {
      n--;
    }
    java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes, 0, n));
    char[] out = new char[chars.remaining()];
    chars.get(out);
    Arrays.fill(bytes, (byte) 0);
    if (chars.hasArray()) {
      Arrays.fill(chars.array(), '\0');
    }
    return out;
  }
}
