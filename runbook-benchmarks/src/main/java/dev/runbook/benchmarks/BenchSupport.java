package dev.runbook.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What the throughput mains share: timing shell pipelines, peak heap, table rows. */
final class BenchSupport {

  static final long MIB = 1024 * 1024;

  private BenchSupport() {}

  /**
   * Reads {@code file} (and the database's log, when it is one and has one) to its end, as
   * {@code cat file > /dev/null} would, so that the page cache holds it (see {@link
   * DatabaseThroughput} for why this machine needs it).
   */
  static void warm(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) MIB);
    for (Path each : List.of(file, Path.of(file + "-wal"))) {
      if (!Files.exists(each)) {
        continue;
      }
      try (FileChannel in = FileChannel.open(each, StandardOpenOption.READ)) {
        while (in.read(buffer.clear()) >= 0) {
          // read only for the page cache's sake
        }
      }
    }
  }

  /** A finished shell pipeline: its wall time and what it printed on stdout. */
  record Shell(double seconds, String stdout) {}

  /** Runs {@code bash -c script} with pipefail; fails with its stderr unless it exits 0. */
  static Shell shell(String script) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + script);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("`" + script + "` exited with " + exit);
    }
    return new Shell(seconds, out.trim());
  }

  static boolean onPath(String tool) {
    try {
      return new ProcessBuilder("bash", "-c", "command -v " + tool + " >/dev/null").start()
          .waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What a measured piece of work returned, how long it took and its peak heap. */
  record Measured<T>(T value, double seconds, long peakHeap) {}

  /** Runs {@code work} once, timing it and tracking the heap's peak from a collected start. */
  static <T> Measured<T> measure(java.util.concurrent.Callable<T> work) throws Exception {
    resetPeakHeap();
    long start = System.nanoTime();
    T value = work.call();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Measured<>(value, seconds, peakHeap());
  }

  static void resetPeakHeap() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of each heap pool's peak: an upper bound on the heap in use at any one moment. */
  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** One Markdown table row; a negative stored size or heap prints as n/a. */
  static String row(String name, String compression, double seconds, long raw, long stored,
      long peakHeap) {
    return String.format(Locale.ROOT, "| %s | %s | %.1f | %.0f | %s | %s | %s |",
        name, compression, seconds, raw / 1e6 / seconds,
        stored < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", stored / (double) MIB),
        stored <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", raw / (double) stored),
        peakHeap < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", peakHeap / (double) MIB));
  }

  static final String HEADER =
      "| run | compression | seconds | MB/s (raw) | stored MiB | ratio | peak heap MiB |\n"
          + "|---|---|---|---|---|---|---|";

  static String environment() {
    Runtime rt = Runtime.getRuntime();
    return String.format(Locale.ROOT, "max heap %d MiB; %d cores; Java %s",
        rt.maxMemory() / MIB, rt.availableProcessors(), System.getProperty("java.version"));
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
