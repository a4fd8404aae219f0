package dev.runbook.backup;

import java.time.Instant;
import java.util.List;

/**
 * The {@code manifest.json} of one backup: written last, with its own checksum file, so that a
 * folder with a valid manifest is a complete backup.
 *
 * @param formatVersion the manifest format; this library writes {@value #FORMAT_VERSION}
 * @param backupId the folder name, the UTC start time such as {@code 20261122T031500Z}
 * @param service the service that took it
 * @param host the host it was taken on
 * @param label why it was taken when not on schedule, e.g. a safety backup before a restore; or
 *     null
 * @param createdAt when the backup started
 * @param finishedAt when its last artifact was written
 * @param durationMs the time between the two
 * @param artifacts the artifacts, in the order they were written
 */
public record Manifest(
    int formatVersion,
    String backupId,
    String service,
    String host,
    String label,
    Instant createdAt,
    Instant finishedAt,
    long durationMs,
    List<Artifact> artifacts) {

  /** The format this library writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** The manifest's file name in a backup folder; an offsite target publishes it last. */
  public static final String FILE_NAME = "manifest.json";

  /** The name of the manifest's checksum file, published just before the manifest. */
  public static final String CHECKSUM_FILE_NAME = "manifest.json.sha256";

  /**
   * Whether {@code name} has the form of a backup id, {@code 20261122T031500Z} with an optional
   * {@code -N}; an offsite target lists only such folders.
   */
  public static boolean isBackupId(String name) {
    return dev.runbook.backup.internal.Layout.isBackupId(name);
  }

  public Manifest {
    artifacts = List.copyOf(artifacts);
  }

  /** The sum of the stored artifacts' sizes. */
  public long storedBytes() {
    return artifacts.stream().mapToLong(Artifact::storedBytes).sum();
  }
}
