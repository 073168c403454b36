package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mailcove test} checks the Debian packages of {@code .ci/packages} before Maven starts. Each case runs the
 * launcher with a PATH of its own: a folder with a link to every program of this machine's PATH except the ones
 * the case hides, and recording stand-ins for {@code mvn} (so the suite does not run itself), {@code id} (to be
 * root or not) and {@code apt-get} (so nothing is installed on this machine). A missing tool stops the run at once
 * with the one apt-get line and a non-zero status; with everything present (or, as root, once apt-get has
 * installed it) Maven runs with the arguments given.
 */
@Tag("launcher")
class TestCommandPackagesTest {
  @TempDir
  Path tmp;

  Path bin;
  Path mvnArgs;
  Path aptCalls;

  record Run(int exit, String out) {}

  @BeforeEach
  void stubs() throws IOException {
    bin = Files.createDirectory(tmp.resolve("bin"));
    mvnArgs = tmp.resolve("mvn-args");
    aptCalls = tmp.resolve("apt-calls");
    script("mvn", "echo \"$@\" >>'" + mvnArgs + "'");
    // "installs" a package by linking the real program of the same name into the PATH folder
    script("apt-get", "echo \"$@\" >>'" + aptCalls + "'\n"
        + "[ \"$1\" = install ] || exit 0\n"
        + "for a in \"$@\"; do case $a in -*|install) ;; *) real=$(PATH='" + System.getenv("PATH")
        + "' command -v \"$a\") && ln -sf \"$real\" '" + bin + "'/\"$a\" ;; esac; done");
  }

  private void script(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    p.toFile().setExecutable(true);
  }

  /** Links every program on this machine's PATH into {@link #bin}, except {@code hidden} and the stand-ins. */
  private void linkPath(Set<String> hidden) throws IOException {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path d = Path.of(dir);
      if (!d.isAbsolute() || !Files.isDirectory(d)) {
        continue;
      }
      try (var files = Files.list(d)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          Path link = bin.resolve(name);
          if (!hidden.contains(name) && Files.isExecutable(f) && !Files.isDirectory(f) && !Files.exists(link,
              java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, f.toAbsolutePath());
          }
        }
      }
    }
  }

  private Run launcher(int uid, String pythonPath) throws Exception {
    script("id", "echo " + uid);
    ProcessBuilder pb = new ProcessBuilder("./mailcove", "test", "-Dtest=NoSuchTest", "-q")
        .redirectErrorStream(true);
    pb.environment().put("PATH", bin.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("PYTHONPATH");
    if (pythonPath != null) {
      pb.environment().put("PYTHONPATH", pythonPath);
    }
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not finish");
    }
    return new Run(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void everythingPresentRunsMaven() throws Exception {
    linkPath(Set.of("mvn", "id", "apt-get"));
    Run r = launcher(1000, null);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(lines(mvnArgs)).containsExactly("-B test -Dtest=NoSuchTest -q");
    assertThat(r.out()).doesNotContain("apt-get");
  }

  @Test
  void aMissingToolStopsAtOnceWithTheAptGetLine() throws Exception {
    linkPath(Set.of("mvn", "id", "apt-get", "swaks"));
    Run r = launcher(1000, null);
    assertThat(r.exit()).as(r.out()).isNotZero();
    assertThat(r.out().lines()).as(r.out()).contains("  apt-get install -y swaks")
        .anySatisfy(l -> assertThat(l).contains("swaks (swaks)"));
    assertThat(r.out()).doesNotContain("pip");
    assertThat(mvnArgs).as("Maven must not start").doesNotExist();
    assertThat(aptCalls).as("nothing is installed when not root").doesNotExist();
  }

  @Test
  void everythingMissingGoesOnOneLineInTheFileOrder() throws Exception {
    linkPath(Set.of("mvn", "id", "apt-get", "strace", "curl", "swaks"));
    Run r = launcher(1000, null);
    assertThat(r.exit()).as(r.out()).isNotZero();
    assertThat(r.out().lines().filter(l -> l.contains("apt-get install"))).containsExactly(
        "  apt-get install -y curl swaks strace");
    assertThat(mvnArgs).doesNotExist();
  }

  @Test
  void aMissingPythonModuleGivesTheAptGetAndPipLines() throws Exception {
    linkPath(Set.of("mvn", "id", "apt-get"));
    // a module of that name earlier on Python's path that fails to import: the module is as good as absent
    Path shadow = Files.createDirectory(tmp.resolve("python"));
    Files.writeString(shadow.resolve("dkim.py"), "raise ImportError('hidden by the test')\n");
    Run r = launcher(1000, shadow.toString());
    assertThat(r.exit()).as(r.out()).isNotZero();
    assertThat(r.out().lines()).as(r.out()).contains("  apt-get install -y python3-dkim")
        .contains("mailcove: without apt, the Python modules: python3 -m pip install dkimpy")
        .anySatisfy(l -> assertThat(l).contains("python3-dkim (Python module dkim)"));
    assertThat(mvnArgs).doesNotExist();
  }

  @Test
  void asRootWhatIsMissingIsInstalledThenMavenRuns() throws Exception {
    linkPath(Set.of("mvn", "id", "apt-get", "swaks", "strace"));
    Run r = launcher(0, null);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(lines(aptCalls)).containsExactly("update -q", "install -y -q --no-install-recommends swaks strace");
    assertThat(lines(mvnArgs)).containsExactly("-B test -Dtest=NoSuchTest -q");
  }

  @Test
  void asRootAnInstallThatLeavesItMissingStops() throws Exception {
    linkPath(Set.of("mvn", "id", "apt-get", "swaks"));
    script("apt-get", "echo \"$@\" >>'" + aptCalls + "'"); // succeeds but installs nothing
    Run r = launcher(0, null);
    assertThat(r.exit()).as(r.out()).isNotZero();
    assertThat(r.out()).contains("still missing after apt-get install: swaks (swaks)");
    assertThat(mvnArgs).doesNotExist();
  }
}
