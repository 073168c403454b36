package io.mailcove.server;

/**
 * When a client last sent the server something (a command line of any protocol), and how much processor time is
 * idle. Background work that can wait, such as full-text indexing, asks both and yields to the clients while they
 * are being served.
 */
public final class Activity implements Load {
  private static final Object SAMPLING = new Object();

  /**
   * The JVM's view of the system load, only where {@code /proc/stat} is missing: the management classes behind it
   * are a few hundred, which a start on Linux does not load.
   */
  private static final class Jvm {
    static final java.lang.management.OperatingSystemMXBean OS =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
  }

  private volatile long last = System.nanoTime();

  /** Records that a client sent a line just now. */
  public void touch() {
    last = System.nanoTime();
  }

  /** Nanoseconds since a client last sent a line. */
  @Override
  public long quietNanos() {
    return System.nanoTime() - last;
  }

  /**
   * Idle processor capacity in cores (0 to the number of processors), measured over the next {@code sampleMillis}
   * (the caller, which does nothing meanwhile, is not counted): from the kernel's counters where there are some
   * (Linux {@code /proc/stat}), else from the JVM's view of the system load; 0 when neither tells.
   */
  @Override
  public double spareCores(long sampleMillis) throws InterruptedException {
    synchronized (SAMPLING) {
      long[] before = procStat();
      if (before != null) {
        Thread.sleep(sampleMillis);
        long[] after = procStat();
        long total = after[0] - before[0];
        return total <= 0 ? 0 : (double) (after[1] - before[1]) / total * Runtime.getRuntime().availableProcessors();
      }
      if (!(Jvm.OS instanceof com.sun.management.OperatingSystemMXBean os)) {
        return 0;
      }
      os.getCpuLoad(); // starts the measured interval
      Thread.sleep(sampleMillis);
      double load = os.getCpuLoad();
      return load < 0 ? 0 : (1 - load) * Runtime.getRuntime().availableProcessors();
    }
  }

  /** All and idle (idle + iowait) clock ticks of all processors since boot, or null where unavailable. */
  private static long[] procStat() {
    try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/stat"))) {
      String line = r.readLine(); // cpu  user nice system idle iowait irq softirq steal ...
      if (line == null || !line.startsWith("cpu ")) {
        return null;
      }
      String[] f = line.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total, idle};
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
