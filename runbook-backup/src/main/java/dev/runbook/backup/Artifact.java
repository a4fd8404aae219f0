package dev.runbook.backup;

import dev.runbook.backup.internal.RowCounts;
import java.util.Map;

/**
 * One artifact of a backup as the manifest records it.
 *
 * @param name the source's name, unique in the backup, e.g. {@code database}
 * @param kind what kind of artifact it is, which picks its {@link
 *     dev.runbook.backup.spi.RestoreVerifier}, e.g. {@code
 *     sqlite}, {@code postgresql}, {@code files}
 * @param file the file name in the backup folder, e.g. {@code database.sqlite.zst}
 * @param compression how the file is compressed
 * @param storedBytes the file's size
 * @param rawBytes the size once decompressed
 * @param sha256 lower-case hex SHA-256 of the stored file, as {@code sha256sum} prints it
 * @param rowCounts table name to row count when the backup was taken
 * @param engine the engine that produced it, or null
 * @param engineVersion its version, or null
 * @param encryption how the stored file is encrypted: {@code age}, or null when it is not
 */
public record Artifact(
    String name,
    String kind,
    String file,
    Compression compression,
    long storedBytes,
    long rawBytes,
    String sha256,
    Map<String, Long> rowCounts,
    String engine,
    String engineVersion,
    String encryption) {

  public Artifact {
    rowCounts = RowCounts.copy(rowCounts);
  }

  /** An artifact stored unencrypted. */
  public Artifact(String name, String kind, String file, Compression compression,
      long storedBytes, long rawBytes, String sha256, Map<String, Long> rowCounts, String engine,
      String engineVersion) {
    this(name, kind, file, compression, storedBytes, rawBytes, sha256, rowCounts, engine,
        engineVersion, null);
  }
}
