package dev.runbook.benchmarks;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.Compression;
import dev.runbook.backup.DirectoryTarget;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.files.FileSetSource;
import dev.runbook.backup.s3.S3Target;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Pushes one backup (1 GiB of incompressible bytes by default, stored uncompressed so the artifact
 * is that size) to a local S3 server and, in the same run, to a directory target on the same disk,
 * three times each, interleaved; prints the median time, throughput and peak heap of each as a
 * Markdown table. Run through {@code bench/offsite-throughput.sh}, which starts the S3 server on
 * loopback and the JVM with a small heap, so the heap figure shows that memory does not grow with
 * the backup.
 *
 * <p>Arguments: {@code size-MiB work-folder endpoint bucket access-key secret-key}.
 */
public final class OffsiteThroughput {

  private static final long MIB = BenchSupport.MIB;
  private static final int ROUNDS = 3;

  private OffsiteThroughput() {}

  public static void main(String[] args) throws Exception {
    long sizeMib = Long.parseLong(args[0]);
    Path work = Path.of(args[1]).toAbsolutePath();
    URI endpoint = URI.create(args[2]);
    String bucket = args[3];
    BenchSupport.deleteTree(work.resolve("repo"));
    BenchSupport.deleteTree(work.resolve("offsite"));
    Path data = work.resolve("data");
    Files.createDirectories(data);
    Path file = data.resolve("uploads.bin");
    if (!Files.exists(file) || Files.size(file) != sizeMib * MIB) {
      SplittableRandom random = new SplittableRandom(42);
      byte[] chunk = new byte[(int) MIB];
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long i = 0; i < sizeMib; i++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
    }
    BackupRepository repo = BackupRepository.builder(work.resolve("repo")).service("bench")
        .compression(Compression.NONE).source(FileSetSource.builder("uploads", data).build())
        .build();
    Backup backup = repo.backup();
    long bytes = backup.manifest().storedBytes();

    DirectoryTarget folder = new DirectoryTarget(work.resolve("offsite"));
    List<double[]> s3Runs = new ArrayList<>();
    List<double[]> folderRuns = new ArrayList<>();
    try (S3Target s3 = S3Target.builder(bucket, "bench").endpoint(endpoint)
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[4],
            args[5]))).build()) {
      for (int round = 0; round < ROUNDS; round++) {
        folderRuns.add(push(folder, backup));
        s3Runs.add(push(s3, backup));
      }
    }
    System.out.printf(Locale.ROOT, "%none backup of %d MiB (uncompressed), median of %d pushes"
        + " each, interleaved; %s%n%n", bytes / MIB, ROUNDS, BenchSupport.environment());
    System.out.println("| target | seconds | MB/s | peak heap MiB |");
    System.out.println("|---|---|---|---|");
    System.out.println(row("S3Target to a local S3 server (" + endpoint.getHost() + ")", s3Runs,
        bytes));
    System.out.println(row("DirectoryTarget on the same disk", folderRuns, bytes));
  }

  /** One push and its removal after: seconds and peak heap. */
  private static double[] push(OffsiteTarget target, Backup backup) throws Exception {
    BenchSupport.Measured<Void> m = BenchSupport.measure(() -> {
      target.push(backup.id(), backup.folder(), backup.manifest());
      return null;
    });
    target.delete(backup.id());
    return new double[] {m.seconds(), m.peakHeap()};
  }

  private static String row(String name, List<double[]> runs, long bytes) {
    double seconds = median(runs, 0);
    return String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.1f |", name, seconds,
        bytes / 1e6 / seconds, median(runs, 1) / MIB);
  }

  private static double median(List<double[]> runs, int column) {
    double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }
}
