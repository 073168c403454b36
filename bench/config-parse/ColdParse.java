package io.mailcove.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One first parse of a TOML file in a fresh JVM, by Mailcove's parser or by tomlj (the library it replaced): reads the
 * file's bytes (the same for both, timed apart), parses them, and prints the main thread's wall-clock and CPU
 * milliseconds on stderr (stdout carries the JIT's log). Run by {@code bench/config-parse/run}.
 * Usage: {@code ColdParse mailcove|tomlj FILE}.
 */
public final class ColdParse {
  private ColdParse() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    long cpuStart = threadCpuNanos();
    long start = System.nanoTime();
    byte[] bytes = Files.readAllBytes(file);
    long cpuBefore = threadCpuNanos();
    long before = System.nanoTime();
    int keys;
    if (args[0].equals("tomlj")) {
      org.tomlj.TomlParseResult result = org.tomlj.Toml.parse(new String(bytes, StandardCharsets.UTF_8));
      if (result.hasErrors()) {
        throw new IllegalStateException(result.errors().get(0).toString());
      }
      keys = result.keySet().size();
    } else {
      keys = TomlParser.parse(bytes).size();
    }
    long after = System.nanoTime();
    long cpuAfter = threadCpuNanos();
    System.err.printf("parser=%s read_ms=%.2f wall_ms=%.2f cpu_ms=%.2f read_cpu_ms=%.2f top_level_keys=%d%n", args[0],
        (before - start) / 1e6, (after - before) / 1e6, (cpuAfter - cpuBefore) / 1e6, (cpuBefore - cpuStart) / 1e6,
        keys);
  }

  /** CPU time of this thread so far (Linux schedstat: nanoseconds on a CPU), without loading JMX. */
  private static long threadCpuNanos() throws Exception {
    return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).split(" ")[0]);
  }
}
