package dev.runbook.backup.internal;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupException;
import dev.runbook.backup.Compression;
import dev.runbook.backup.Manifest;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.core.Redactor;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one backup: every artifact into a hidden staging folder, compressed and hashed in one pass,
 * each file fsynced; then {@code manifest.json} and its checksum file; then one atomic rename to the
 * backup's id. Until that rename nothing is published, so a crash leaves a staging folder and no
 * half backup. The caller holds the repository lock.
 */
public final class BackupWriter {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");
  private static final int BUFFER = 64 * 1024;

  private final Path root;
  private final Clock clock;
  private final Compression compression;
  private final int workers;
  private final boolean lowPriority;
  private final ArtifactCrypto crypto;
  private final String service;
  private final String host;

  public BackupWriter(Path root, Clock clock, Compression compression, int workers,
      boolean lowPriority, ArtifactCrypto crypto, String service, String host) {
    this.root = root;
    this.clock = clock;
    this.compression = compression;
    this.workers = workers;
    this.lowPriority = lowPriority;
    this.crypto = crypto;
    this.service = service;
    this.host = host;
  }

  /**
   * Takes a backup now: removes what crashed runs left, writes and publishes, and logs {@code
   * backup_completed} or {@code backup_failed}. The caller holds the repository lock.
   *
   * @throws BackupException naming the backup and the redacted cause; nothing is published
   */
  public Backup take(String label, List<BackupSource> sources, Redactor redactor) {
    Instant start = clock.instant();
    String id = null;
    try {
      Files.createDirectories(root);
      Pruner.removeLeftovers(root, leftovers());
      id = freeId(start);
      Manifest manifest = write(id, start, label, sources);
      log.atInfo().setMessage("backup_completed").addKeyValue("backup_id", id)
          .addKeyValue("service", service).addKeyValue("artifacts", manifest.artifacts().size())
          .addKeyValue("stored_bytes", manifest.storedBytes())
          .addKeyValue("duration_ms", manifest.durationMs())
          .addKeyValue("folder", root.resolve(id)).log();
      return new Backup(id, root.resolve(id), manifest, null);
    } catch (Exception e) {
      String error = redactor.redact(e);
      log.atError().setMessage("backup_failed").addKeyValue("backup_id", id)
          .addKeyValue("service", service).addKeyValue("error", error).log();
      throw e instanceof BackupException ? (BackupException) e
          : new BackupException("backup " + id + " of " + service + " failed: " + error, e);
    }
  }

  private List<String> leftovers() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        if (Layout.isLeftover(entry.getFileName().toString())) {
          names.add(entry.getFileName().toString());
        }
      }
    }
    return names;
  }

  /** The first free id for a backup starting at {@code start}: the stamp, or stamp-1, -2, ... */
  public String freeId(Instant start) {
    String stamp = Layout.stamp(start);
    String id = stamp;
    for (int n = 1; Files.exists(root.resolve(id)); n++) {
      id = stamp + "-" + n;
    }
    return id;
  }

  /**
   * Writes and publishes a backup of {@code sources}.
   *
   * @throws Exception what a source threw, or an I/O error; the staging folder is then removed
   */
  public Manifest write(String id, Instant start, String label, List<BackupSource> sources)
      throws Exception {
    Path staging = root.resolve(Layout.STAGING_PREFIX + id + "-" + UUID.randomUUID());
    FreeSpace.require(root, expected(sources), "backup " + id,
        "free space there, or point the repository at a larger disk");
    Files.createDirectories(staging);
    try {
      List<Artifact> artifacts = new ArrayList<>();
      for (BackupSource source : sources) {
        artifacts.add(LowPriority.call("runbook-backup-" + source.name(), lowPriority,
            () -> writeArtifact(staging, source)));
      }
      Instant finished = clock.instant();
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, service, host, label, start,
          finished, Duration.between(start, finished).toMillis(), artifacts);
      writeManifest(staging, manifest);
      Fs.fsyncDirectory(staging);
      Fs.move(staging, root.resolve(id));
      Fs.fsyncDirectory(root);
      return manifest;
    } catch (Exception | Error e) {
      try {
        Fs.deleteTree(staging);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static long expected(List<BackupSource> sources) {
    long sum = 0;
    for (BackupSource source : sources) {
      sum += Math.max(0, source.expectedBytes());
    }
    return sum;
  }

  private Artifact writeArtifact(Path staging, BackupSource source) throws Exception {
    String file = crypto.fileName(source.name() + "." + source.extension(), compression);
    Path path = staging.resolve(file);
    try (FileOutputStream fileOut = new FileOutputStream(path.toFile())) {
      // flushed to disk as it grows, so the final fsync does not stall the service's own
      BufferedOutputStream buffered = new BufferedOutputStream(
          new SteadyFlush(fileOut, fileOut.getChannel()), BUFFER);
      MeasuredOutputStream stored = MeasuredOutputStream.hashing(buffered);
      // compressed, then (when configured) encrypted; the hash is of what is stored
      OutputStream encoder = Codecs.encoder(compression, workers,
          crypto.encrypt(MeasuredOutputStream.unclosable(stored)));
      MeasuredOutputStream raw = MeasuredOutputStream.counting(encoder);
      ArtifactMetadata metadata;
      // a source's temporary files live in the staging folder, so a crash leaves nothing else
      Path work = staging.resolve(".work-" + source.name());
      try {
        Files.createDirectory(work);
        metadata = source.write(MeasuredOutputStream.unclosable(raw), work);
      } catch (Exception | Error e) {
        try {
          encoder.close(); // frees zstd's native buffers; the file is deleted with the staging
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
        if (e instanceof Error) {
          throw e;
        }
        // the caller redacts this message before it reaches a log or an operator
        throw new IOException("source \"" + source.name() + "\" (" + source.kind()
            + ") failed after " + raw.count() + " bytes: " + e.getMessage(), e);
      } finally {
        Fs.deleteTree(work);
      }
      if (metadata == null) {
        metadata = ArtifactMetadata.none();
      }
      encoder.close(); // ends the compressed stream; the file stays open
      buffered.flush();
      fileOut.getChannel().force(true);
      return new Artifact(source.name(), source.kind(), file, compression, stored.count(),
          raw.count(), stored.sha256Hex(), metadata.rowCounts(), metadata.engine(),
          metadata.engineVersion(), crypto.encryption());
    }
  }

  /**
   * {@code manifest.json}, then {@code manifest.json.sha256} in {@code sha256sum -c} format with a
   * line per artifact and a last line for the manifest itself.
   */
  private static void writeManifest(Path staging, Manifest manifest) throws IOException {
    byte[] json = Json.write(manifest);
    Path manifestFile = staging.resolve(Layout.MANIFEST);
    Files.write(manifestFile, json);
    Fs.fsync(manifestFile);
    StringBuilder sums = new StringBuilder();
    for (Artifact artifact : manifest.artifacts()) {
      sums.append(artifact.sha256()).append("  ").append(artifact.file()).append('\n');
    }
    sums.append(MeasuredOutputStream.sha256Hex(json)).append("  ").append(Layout.MANIFEST).append('\n');
    Path sumsFile = staging.resolve(Layout.CHECKSUMS);
    Files.write(sumsFile, sums.toString().getBytes(StandardCharsets.UTF_8));
    Fs.fsync(sumsFile);
  }
}
