package dev.runbook.benchmarks;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.Compression;
import dev.runbook.backup.files.FileSetSource;
import dev.runbook.backup.report.VerifyResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>Arguments: {@code [size MiB = 1024] [work folder = target/backup-bench] [compressions =
 * zstd,gzip,none]}. The file set is
 * generated from a fixed seed and kept between runs of the same size. About three quarters of
 * the bytes are log-like text (compresses about 4:1) and a quarter random bytes, as photos or
 * other already compressed uploads would be.
 */
public final class BackupThroughput {

  private static final long MIB = BenchSupport.MIB;
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
    List<Compression> compressions = args.length > 2
        ? java.util.Arrays.stream(args[2].split(",")).map(BackupThroughput::compression).toList()
        : List.of(Compression.values());
    for (Compression compression : compressions) {
      rows.add(runOurs(work, data, compression, rawBytes));
      String baseline = baseline(data, compression, rawBytes);
      if (baseline != null) {
        rows.add(baseline);
      }
    }
    System.out.printf(Locale.ROOT, "%n%d files, %d MiB raw; %s%n%n", countFiles(data),
        rawBytes / MIB, BenchSupport.environment());
    System.out.println(BenchSupport.HEADER);
    rows.forEach(System.out::println);
  }

  private static Compression compression(String wireName) {
    for (Compression c : Compression.values()) {
      if (c.wireName().equals(wireName)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression \"" + wireName
        + "\" (third argument); use zstd, gzip or none, comma-separated");
  }

  private static String runOurs(Path work, Path data, Compression compression, long rawBytes)
      throws Exception {
    Path root = work.resolve("repo-" + compression.wireName());
    BenchSupport.deleteTree(root);
    BackupRepository repo =
        BackupRepository.builder(root)
            .service("bench")
            .compression(compression)
            .source(FileSetSource.builder("uploads", data).build())
            .build();
    BenchSupport.Measured<Backup> backup = BenchSupport.measure(repo::backup);
    BenchSupport.Measured<VerifyResult> verified =
        BenchSupport.measure(() -> repo.verify(backup.value().id()));
    if (!verified.value().passed()) {
      throw new IllegalStateException("the benchmark's own backup failed to verify: "
          + verified.value());
    }
    long stored = backup.value().manifest().storedBytes();
    String backupRow = BenchSupport.row("runbook backup", compression.wireName(),
        backup.seconds(), rawBytes, stored, backup.peakHeap());
    String verifyRow = BenchSupport.row("runbook verify", compression.wireName(),
        verified.seconds(), rawBytes, stored, verified.peakHeap());
    BenchSupport.deleteTree(root);
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
    if (compressor != null && !BenchSupport.onPath(compressor.split(" ")[0])) {
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
    return BenchSupport.row(name, compression.wireName(), seconds, rawBytes, stored, -1);
  }

  private static long generate(Path data, long target) throws IOException {
    Path done = data.resolveSibling(data.getFileName() + ".generated");
    if (Files.exists(done)) {
      return Long.parseLong(Files.readString(done).trim());
    }
    BenchSupport.deleteTree(data);
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

  private static long countFiles(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

}
