package dev.runbook.backup.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Row counts per table, checked and copied once for every record that carries them. */
public final class RowCounts {

  private RowCounts() {}

  /** An unmodifiable copy in the given order; null is empty; names and counts are checked. */
  public static Map<String, Long> copy(Map<String, Long> counts) {
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
