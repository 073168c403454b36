package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up cache, through the real launcher and a real jar: the launcher is copied into a folder laid
 * out as a build ({@code target/mailcove-*.jar} of this build's classes, its libraries in {@code target/lib}). The
 * first server start makes the cache (an ahead-of-time cache on JDK 25+, a CDS archive before) and the JVM maps it
 * (seen in {@code /proc/PID/maps}); a later start uses it without making it again; a cache older than the jar is
 * made again; a damaged one is ignored and the server starts all the same.
 */
@Tag("launcher")
class LauncherStartupCacheTest {
  @TempDir
  Path tmp;

  @Test
  void theServerCacheIsMadeUsedRemadeWhenStaleAndADamagedOneIsNeverFatal() throws Exception {
    Path root = tmp.resolve("mailcove");
    Path jar = layOutBuild(root);
    String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    Path cache = root.resolve("target").resolve(base + (Runtime.version().feature() >= 25 ? "-server.aot"
        : "-server.jsa"));
    Path dir = tmp.resolve("demo");

    // first start: the cache is made (training run), then the server runs with it mapped
    DemoLauncherTest.Demo first = start(root, dir);
    assertThat(Files.size(cache)).isPositive();
    assertThat(mapped(first)).as("the JVM maps %s", cache).contains(cache.toString());
    DemoLauncherTest.assertAnswers("smtp", first.listeners().get("smtp"));
    DemoLauncherTest.stop(first);
    assertThat(first.stderr().get()).contains("preparing the start-up cache");
    if (Runtime.version().feature() == 25) {
      // the training run's method profiles are left out (replayed at every start, they cost more than they gave)
      String training = trainingData(cache, jar);
      assertThat(training).as("the JVM read the cache's training data dictionary")
          .contains("Archived TrainingData Dictionary");
      assertThat(training.lines().filter(l -> l.matches("\\s*\\d+: 0x\\p{XDigit}+ M .*")))
          .as("method profiles in the cache").isEmpty();
    }

    // second start: the same cache, not made again
    FileTime made = Files.getLastModifiedTime(cache);
    DemoLauncherTest.Demo second = start(root, dir);
    assertThat(mapped(second)).contains(cache.toString());
    DemoLauncherTest.stop(second);
    assertThat(second.stderr().get()).doesNotContain("preparing the start-up cache");
    assertThat(Files.getLastModifiedTime(cache)).isEqualTo(made);

    // a cache older than the jar (a new build) is made again
    Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minusSeconds(3600)));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    DemoLauncherTest.Demo stale = start(root, dir);
    assertThat(mapped(stale)).contains(cache.toString());
    DemoLauncherTest.stop(stale);
    assertThat(stale.stderr().get()).contains("preparing the start-up cache");
    assertThat(Files.getLastModifiedTime(cache).toInstant()).isAfter(Instant.now().minusSeconds(600));

    // a damaged cache (newer than the jar, so kept) is ignored by the JVM: the server starts and answers
    Files.write(cache, new byte[4096]);
    DemoLauncherTest.Demo damaged = start(root, dir);
    for (Map.Entry<String, java.net.InetSocketAddress> e : damaged.listeners().entrySet()) {
      DemoLauncherTest.assertAnswers(e.getKey(), e.getValue());
    }
    DemoLauncherTest.stop(damaged);
  }

  /**
   * The training run is a demo of its own in a temporary folder: configuration overrides in the environment, meant
   * for the real server (here its data folder and, as in every launcher test, its listeners), do not reach it.
   */
  @Test
  void theTrainingRunKeepsToItsOwnFolderWhateverTheEnvironmentOverrides() throws Exception {
    Path root = tmp.resolve("mailcove");
    Path jar = layOutBuild(root);
    Path cache = root.resolve("target").resolve(jar.getFileName().toString().replaceFirst("\\.jar$", "")
        + (Runtime.version().feature() >= 25 ? "-server.aot" : "-server.jsa"));
    Path data = tmp.resolve("data-elsewhere");

    DemoLauncherTest.Demo demo = start(root, tmp.resolve("demo"), Map.of("MAILCOVE_DATA_DIR", data.toString()));
    try {
      assertThat(Files.size(cache)).isPositive();
      assertThat(mapped(demo)).contains(cache.toString());
      assertThat(data.resolve("mailcove.db")).as("the override applies to the real server").exists();
      // the accounts are made by this start, not by a practice run in the same folder: their passwords are shown
      assertThat(demo.passwords()).containsOnlyKeys("demo@example.test", "admin@example.test");
    } finally {
      DemoLauncherTest.stop(demo);
    }
  }

  private DemoLauncherTest.Demo start(Path root, Path dir) throws Exception {
    return start(root, dir, Map.of());
  }

  private DemoLauncherTest.Demo start(Path root, Path dir, Map<String, String> env) throws Exception {
    ProcessBuilder pb = DemoLauncherTest.demoCommand(root.resolve("mailcove"), dir);
    pb.environment().remove("MAILCOVE_CLASSPATH");
    pb.environment().remove("MAILCOVE_JAVA_OPTS");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // the JDK of this test, whose version it knows
    pb.environment().putAll(env);
    pb.directory(tmp.toFile());
    return DemoLauncherTest.start(pb);
  }

  /**
   * What JDK 25 prints of the training data in {@code cache} (one line per method with a profile), with the launcher's
   * options that the cache must match to be used.
   */
  private static String trainingData(Path cache, Path jar) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-XX:AOTCache=" + cache,
        "-XX:+UnlockDiagnosticVMOptions", "-XX:+AOTPrintTrainingInfo", "-cp", jar.toString(), "-version")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  /** The files the demo's JVM has mapped. */
  private static String mapped(DemoLauncherTest.Demo demo) throws IOException {
    return Files.readString(Path.of("/proc", Long.toString(demo.process().pid()), "maps"));
  }

  /**
   * A build's layout: the launcher, {@code target/mailcove-test.jar} with this build's main classes and a manifest
   * naming its libraries, and the libraries (the jars of this test's class path) in {@code target/lib}.
   */
  private static Path layOutBuild(Path root) throws IOException {
    Path lib = Files.createDirectories(root.resolve("target").resolve("lib"));
    Files.copy(Path.of("mailcove"), root.resolve("mailcove"), StandardCopyOption.COPY_ATTRIBUTES);
    Path classes = null;
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar")) {
        Files.copy(p, lib.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        classPath.add("lib/" + p.getFileName());
      } else if (p.endsWith(Path.of("target", "classes"))) {
        classes = p;
      }
    }
    assertThat(classes).as("target/classes on the class path").isNotNull();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.mailcove.cli.Main");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    Path jar = root.resolve("target").resolve("mailcove-test.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
         Stream<Path> files = Files.walk(classes)) {
      Path from = classes;
      for (Path f : (Iterable<Path>) files.filter(f -> !f.equals(from)).sorted()::iterator) {
        String name = from.relativize(f).toString().replace(File.separatorChar, '/');
        if (Files.isDirectory(f)) {
          out.putNextEntry(new JarEntry(name + "/")); // as a build's jar: resources are listed by folder
        } else {
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, (OutputStream) out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
