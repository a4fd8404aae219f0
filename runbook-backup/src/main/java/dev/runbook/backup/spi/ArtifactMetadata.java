package dev.runbook.backup.spi;

import dev.runbook.backup.internal.RowCounts;
import java.util.Map;

/**
 * What a {@link BackupSource} reports about the artifact it wrote: the engine and its version, and
 * the row count of each table as seen by the backup itself, which a drill later compares with the
 * restored copy. A file set reports its entries as counts too ({@code files}, {@code directories},
 * {@code symlinks}).
 *
 * @param engine what produced the artifact, e.g. {@code SQLite}; may be null
 * @param engineVersion its version, e.g. {@code 3.46.1}; may be null
 * @param rowCounts table name to row count, in the order given; never null
 */
public record ArtifactMetadata(String engine, String engineVersion, Map<String, Long> rowCounts) {

  public ArtifactMetadata {
    rowCounts = RowCounts.copy(rowCounts);
  }

  /** No engine, no counts. */
  public static ArtifactMetadata none() {
    return new ArtifactMetadata(null, null, Map.of());
  }

  /** An engine and version, no counts yet. */
  public static ArtifactMetadata of(String engine, String engineVersion) {
    return new ArtifactMetadata(engine, engineVersion, Map.of());
  }

  /** A copy with these row counts. */
  public ArtifactMetadata withRowCounts(Map<String, Long> counts) {
    return new ArtifactMetadata(engine, engineVersion, counts);
  }

}
