package io.mailcove.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package dependencies point one way: listeners and protocols → pipeline → store. A small scan of the sources
 * (imports and fully qualified names, comments left out) finds every {@code io.mailcove.<package>} a package uses.
 */
class PackageDependencyTest {
  private static final Path SOURCES = Path.of("src/main/java/io/mailcove");
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.mailcove\\.([a-z0-9_]+)\\b");
  private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
  private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");

  @Test
  void serverImportsNoProtocolPackage() {
    assertThat(uses("server")).as("server keeps listeners, limits and lifecycle; app assembles the protocols")
        .doesNotContainAnyElementsOf(Set.of("smtp", "imap", "pop3", "queue", "pipeline", "delivery", "app", "cli",
            "dkim", "srs", "search", "mtasts", "web"));
  }

  @Test
  void smtpDoesNotImportTheQueue() {
    assertThat(uses("smtp")).as("smtp hands messages to the pipeline, which declares what it needs of the queue")
        .doesNotContain("queue", "app", "cli");
  }

  @Test
  void thePipelineDependsOnNoListenerOrProtocol() {
    assertThat(uses("pipeline")).doesNotContainAnyElementsOf(Set.of("smtp", "imap", "pop3", "queue", "app",
        "cli"));
  }

  @Test
  void theStoreDependsOnNothingAboveIt() {
    assertThat(uses("store")).doesNotContainAnyElementsOf(Set.of("smtp", "imap", "pop3", "queue", "pipeline",
        "delivery", "server", "app", "cli"));
  }

  @Test
  void onlyTheCliUsesTheAssembly() {
    List<String> users = new ArrayList<>();
    for (String p : packages()) {
      if (!p.equals("app") && !p.equals("cli") && uses(p).contains("app")) {
        users.add(p);
      }
    }
    assertThat(users).isEmpty();
  }

  @Test
  void theScanSeesReferences() {
    // the rules above would pass vacuously if the scan found nothing
    assertThat(uses("smtp")).contains("pipeline", "server");
    assertThat(uses("queue")).contains("pipeline");
    assertThat(uses("app")).contains("smtp", "imap", "pop3", "queue", "pipeline", "server", "web");
  }

  /** The io.mailcove packages that the sources of {@code pkg} (and its subpackages) refer to, itself excluded. */
  private static Set<String> uses(String pkg) {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String code = Files.readString(f);
        code = BLOCK_COMMENT.matcher(code).replaceAll("");
        code = LINE_COMMENT.matcher(code).replaceAll("");
        code = code.replaceFirst("package [^;]*;", "");
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.remove(pkg);
    return out;
  }

  private static List<String> packages() {
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
