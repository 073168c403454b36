package io.mailcove.imaptest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the imaptest scripts: the copy in the test resources ({@code imaptest/tests}), without .mbox and folders. */
final class ImaptestScripts {
  private ImaptestScripts() {}

  static Path defaultDirectory() {
    URL url = ImaptestScripts.class.getResource("/imaptest/tests/default.mbox");
    if (url == null) {
      throw new IllegalStateException("imaptest scripts are not on the class path (imaptest/tests)");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".mbox"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
