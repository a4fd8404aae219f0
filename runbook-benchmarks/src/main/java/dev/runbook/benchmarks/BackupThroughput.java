package dev.runbook.benchmarks;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.Compression;
import dev.runbook.backup.VerifyResult;
import dev.runbook.backup.files.FileSetSource;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Backs up a generated file set (1 GiB by default) once per compression and compares each run
 * with the standard pipeline an operator would write by hand, {@code tar -cf - | <compressor> |
 * sha256sum}, over the same files in the same run. Prints one Markdown table.
 *
 * <p>Run through {@code bench/backup-throughput.sh}, which starts it with a small heap so the
 * figure for peak heap also shows that memory does not grow with the backup.
 *
 * <p>Arguments: {@code [size MiB = 1024] [work folder = target/backup-bench]}. The file set is
 * generated from a fixed seed and kept between runs of the same size. About three quarters of
 * the bytes are log-like text (compresses about 4:1) and a quarter random bytes, as photos or
 * other already compressed uploads would be.
 */
public final class BackupThroughput {

  private static final long MIB = 1024 * 1024;
  private static final byte[][] WORDS =
      Stream.of(
              "GET", "POST", "/books", "/loans", "member", "status=200", "status=201",
              "status=503", "latency_ms=", "user_agent=curl/8.5", "overdue", "reminder", "sent",
              "queued", "retry", "INFO", "WARN", "ERROR", "ingest", "tmdb", "igdb", "lastfm",
              "googlebooks", "circuit", "closed", "open", "half_open", "checkpoint", "wal",
              "vacuum", "batch", "rows=")
          .map(w -> w.getBytes(StandardCharsets.US_ASCII))
          .toArray(byte[][]::new);

  private BackupThroughput() {}

  public static void main(String[] args) throws Exception {
    long sizeMib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    Path work = Path.of(args.length > 1 ? args[1] : "target/backup-bench").toAbsolutePath();
    if (sizeMib < 1) {
      throw new IllegalArgumentException(
          "size must be at least 1 MiB; it was " + sizeMib + " (first argument)");
    }
    Path data = work.resolve("data-" + sizeMib + "m");
    long rawBytes = generate(data, sizeMib * MIB);
    warm(data);

    List<String> rows = new ArrayList<>();
    for (Compression compression : Compression.values()) {
      rows.add(runOurs(work, data, compression, rawBytes));
      String baseline = baseline(data, compression, rawBytes);
      if (baseline != null) {
        rows.add(baseline);
      }
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "%n%d files, %d MiB raw; max heap %d MiB; %d cores; Java %s%n%n",
        countFiles(data),
        rawBytes / MIB,
        rt.maxMemory() / MIB,
        rt.availableProcessors(),
        System.getProperty("java.version"));
    System.out.println(
        "| run | compression | seconds | MB/s (raw) | stored MiB | ratio | peak heap MiB |");
    System.out.println("|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String runOurs(Path work, Path data, Compression compression, long rawBytes)
      throws IOException {
    Path root = work.resolve("repo-" + compression.wireName());
    deleteTree(root);
    BackupRepository repo =
        BackupRepository.builder(root)
            .service("bench")
            .compression(compression)
            .source(FileSetSource.builder("uploads", data).build())
            .build();
    System.gc();
    resetPeakHeap();
    long start = System.nanoTime();
    Backup backup = repo.backup();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = peakHeap();

    resetPeakHeap();
    long verifyStart = System.nanoTime();
    VerifyResult verified = repo.verify(backup.id());
    double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
    long verifyPeak = peakHeap();
    if (!verified.passed()) {
      throw new IllegalStateException("the benchmark's own backup failed to verify: " + verified);
    }
    long stored = backup.manifest().storedBytes();
    String backupRow =
        row("runbook backup", compression.wireName(), seconds, rawBytes, stored, peak);
    String verifyRow =
        row("runbook verify", compression.wireName(), verifySeconds, rawBytes, stored, verifyPeak);
    deleteTree(root);
    return backupRow + "\n" + verifyRow;
  }

  /** The hand-written pipeline for the same compression, or null if its tool is missing. */
  private static String baseline(Path data, Compression compression, long rawBytes)
      throws IOException, InterruptedException {
    String compressor =
        switch (compression) {
          case ZSTD -> "zstd -q -3 -c";
          case GZIP -> "gzip -6 -c";
          case NONE -> null;
        };
    if (compressor != null && !onPath(compressor.split(" ")[0])) {
      return null;
    }
    String pipeline =
        "set -o pipefail; tar -cf - -C '"
            + data
            + "' . | "
            + (compressor == null ? "" : compressor + " | tee >(wc -c >&2) | ")
            + "sha256sum >/dev/null";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", pipeline);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long start = System.nanoTime();
    Process process = pb.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("baseline pipeline failed (" + exit + "): " + err);
    }
    long stored = compressor == null ? rawBytes : Long.parseLong(err.trim());
    // Pipes are escaped: the name lands in a Markdown table cell.
    String name = "tar \\| " + (compressor == null ? "" : compressor.split(" ")[0] + " \\| ")
        + "sha256sum";
    return row(name, compression.wireName(), seconds, rawBytes, stored, -1);
  }

  private static String row(
      String name, String compression, double seconds, long raw, long stored, long peakHeap) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.1f | %.0f | %.0f | %.2f | %s |",
        name,
        compression,
        seconds,
        raw / 1e6 / seconds,
        stored / (double) MIB,
        raw / (double) stored,
        peakHeap < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", peakHeap / (double) MIB));
  }

  private static long generate(Path data, long target) throws IOException {
    Path done = data.resolveSibling(data.getFileName() + ".generated");
    if (Files.exists(done)) {
      return Long.parseLong(Files.readString(done).trim());
    }
    deleteTree(data);
    Files.deleteIfExists(done);
    SplittableRandom random = new SplittableRandom(20261122L);
    long[] sizes = {4 * 1024, 64 * 1024, MIB, 4 * MIB};
    long written = 0;
    int index = 0;
    byte[] buffer = new byte[64 * 1024];
    while (written < target) {
      long size = Math.min(sizes[random.nextInt(sizes.length)], target - written);
      boolean text = random.nextInt(4) != 0;
      Path file =
          data.resolve(String.format(Locale.ROOT, "d%02d/f%05d.%s", index % 32, index,
              text ? "log" : "bin"));
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        long left = size;
        while (left > 0) {
          int n = (int) Math.min(buffer.length, left);
          if (text) {
            fillText(random, buffer, n);
          } else {
            for (int i = 0; i < n; i++) {
              buffer[i] = (byte) random.nextInt(256);
            }
          }
          out.write(buffer, 0, n);
          left -= n;
        }
      }
      written += size;
      index++;
    }
    Files.writeString(done, Long.toString(written));
    return written;
  }

  private static void fillText(SplittableRandom random, byte[] buffer, int n) {
    int i = 0;
    while (i < n) {
      byte[] word = WORDS[random.nextInt(WORDS.length)];
      for (int j = 0; j < word.length && i < n; j++) {
        buffer[i++] = word[j];
      }
      if (i < n) {
        int digits = random.nextInt(3);
        for (int d = 0; d < digits && i < n; d++) {
          buffer[i++] = (byte) ('0' + random.nextInt(10));
        }
      }
      if (i < n) {
        buffer[i++] = random.nextInt(8) == 0 ? (byte) '\n' : (byte) ' ';
      }
    }
  }

  /** Reads every file once, so all runs start from the same (cached) state. */
  private static void warm(Path data) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", "-c", "tar -cf - -C '" + data + "' . >/dev/null")
            .inheritIO()
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("could not read the generated files under " + data);
    }
  }

  private static boolean onPath(String tool) {
    try {
      return new ProcessBuilder("bash", "-c", "command -v " + tool + " >/dev/null")
              .start()
              .waitFor()
          == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static long countFiles(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static void resetPeakHeap() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of each heap pool's peak: an upper bound on the heap in use at any one moment. */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static void deleteTree(Path root) throws IOException {
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
