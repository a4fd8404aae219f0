package dev.runbook.jdbc.maintenance;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a table stores the timestamp a maintenance task compares with its cut-off. The cut-off is
 * bound as a parameter in the same form, so the comparison is the database's own.
 */
public enum TimestampFormat {
  /** A SQL {@code TIMESTAMP} or {@code TIMESTAMP WITH TIME ZONE} column (H2, PostgreSQL). */
  SQL_TIMESTAMP,
  /** Milliseconds since the epoch in an integer column. */
  EPOCH_MILLIS,
  /** Seconds since the epoch in an integer column. */
  EPOCH_SECONDS,
  /**
   * Text as SQLite's {@code CURRENT_TIMESTAMP} and {@code datetime('now')} write it, in UTC:
   * {@code 2026-11-22 03:15:00}.
   */
  SQLITE_TEXT,
  /**
   * Text as {@link Instant#toString()} writes it: {@code 2026-11-22T03:15:00Z}. Compared as text,
   * so keep every value in UTC with the same number of fraction digits.
   */
  ISO_INSTANT;

  private static final DateTimeFormatter SQLITE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Reads a value stored in this format; null for SQL NULL. */
  public Instant read(java.sql.ResultSet rs, int index) throws SQLException {
    switch (this) {
      case SQL_TIMESTAMP -> {
        Timestamp t = rs.getTimestamp(index);
        return t == null ? null : t.toInstant();
      }
      case EPOCH_MILLIS, EPOCH_SECONDS -> {
        long n = rs.getLong(index);
        return rs.wasNull() ? null : this == EPOCH_MILLIS ? Instant.ofEpochMilli(n)
            : Instant.ofEpochSecond(n);
      }
      case SQLITE_TEXT, ISO_INSTANT -> {
        String text = rs.getString(index);
        if (text == null) {
          return null;
        }
        try {
          return this == ISO_INSTANT ? Instant.parse(text) : Instant.from(SQLITE.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
          throw new SQLException("timestamp \"" + text + "\" is not " + this, e);
        }
      }
      default -> throw new IllegalStateException("unknown format " + this);
    }
  }

  void bind(PreparedStatement ps, int index, Instant cutoff) throws SQLException {
    switch (this) {
      case SQL_TIMESTAMP -> ps.setTimestamp(index, Timestamp.from(cutoff));
      case EPOCH_MILLIS -> ps.setLong(index, cutoff.toEpochMilli());
      case EPOCH_SECONDS -> ps.setLong(index, cutoff.getEpochSecond());
      case SQLITE_TEXT -> ps.setString(index, SQLITE.format(cutoff));
      case ISO_INSTANT -> ps.setString(index, cutoff.toString());
      default -> throw new IllegalStateException("unknown format " + this);
    }
  }
}
