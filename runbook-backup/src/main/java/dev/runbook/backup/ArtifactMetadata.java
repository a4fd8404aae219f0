package dev.runbook.backup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
    rowCounts = copyCounts(rowCounts);
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

  static Map<String, Long> copyCounts(Map<String, Long> counts) {
    if (counts == null) {
      return Map.of();
    }
    Map<String, Long> copy = new LinkedHashMap<>();
    counts.forEach((table, count) -> {
      if (table == null || table.isBlank()) {
        throw new IllegalArgumentException("a row count needs a table name; got \"" + table + "\"");
      }
      Objects.requireNonNull(count, () -> "row count of table " + table + " is null");
      if (count < 0) {
        throw new IllegalArgumentException("row count of table " + table + " is " + count
            + "; counts are 0 or more");
      }
      copy.put(table, count);
    });
    return Collections.unmodifiableMap(copy);
  }
}
