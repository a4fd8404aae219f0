package dev.runbook.jdbc.maintenance;

import dev.runbook.jdbc.internal.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database housekeeping task for scheduled use, in the runbook's three forms:
 *
 * <ul>
 *   <li>{@link #prune}: delete rows older than an age, by a timestamp column;
 *   <li>{@link #scrub}: set payload columns to {@code NULL} on rows older than an age;
 *   <li>{@link #reap}: move rows stuck in a state for longer than a limit to another state
 *       ({@code processing} for 2 h becomes {@code failed}).
 * </ul>
 *
 * <p>Each run works in batches of {@link Builder#batchSize} rows (1000 by default), each batch its
 * own transaction, so it never holds long locks nor builds a huge transaction, and what it did
 * before a failure stays done. The same SQL runs on SQLite, H2 and PostgreSQL: rows are picked by
 * a key column ({@code id} by default) in a sub-select with {@code LIMIT}, and the outer statement
 * repeats the condition, so a row that changed since it was picked is left alone.
 *
 * <p>{@link #run()} returns how many rows it touched and logs one event at INFO on the logger
 * {@code dev.runbook.jdbc.maintenance}: {@code maintenance_pruned}, {@code maintenance_scrubbed}
 * or {@code maintenance_reaped}, with {@code table}, {@code rows}, {@code batches} and {@code
 * summary}, the runbook's own sentence in words the builder can set ({@code {count}}, {@code
 * {table}}, {@code {days}}, {@code {age}}, {@code {from}} and {@code {to}} are filled in).
 *
 * <pre>{@code
 * MaintenanceTask previews = MaintenanceTask.prune(ds, "search_previews", "created_at")
 *     .olderThan(Duration.ofDays(7))
 *     .message("Pruned {count} expired external search previews")
 *     .build();
 * MaintenanceTask stuck = MaintenanceTask.reap(ds, "ingest_jobs", "state", "updated_at")
 *     .from("processing").to("failed").olderThan(Duration.ofHours(2)).build();
 * long pruned = previews.run();
 * }</pre>
 */
public final class MaintenanceTask {

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceTask.class);

  private enum Kind {
    PRUNE("prune", "maintenance_pruned", "Pruned {count} rows of {table} older than {days} days"),
    SCRUB("scrub", "maintenance_scrubbed",
        "Scrubbed {count} rows of {table} older than {days} days"),
    REAP("reap", "maintenance_reaped",
        "Moved {count} rows of {table} stuck in {from} for over {age} to {to}");

    final String word;
    final String event;
    final String defaultMessage;

    Kind(String word, String event, String defaultMessage) {
      this.word = word;
      this.event = event;
      this.defaultMessage = defaultMessage;
    }
  }

  /** What the builder held at {@code build()}; later builder calls never reach a built task. */
  private static final class Spec {
    final Kind kind;
    final DataSource dataSource;
    final String table;
    final String timestampColumn;
    final List<String> payloadColumns;
    final String stateColumn;
    final String from;
    final String to;
    final String keyColumn;
    final Duration olderThan;
    final int batchSize;
    final TimestampFormat format;
    final Clock clock;
    final String message;

    Spec(Builder b) {
      this.kind = b.kind;
      this.dataSource = b.dataSource;
      this.table = b.table;
      this.timestampColumn = b.timestampColumn;
      this.payloadColumns = List.copyOf(b.payloadColumns);
      this.stateColumn = b.stateColumn;
      this.from = b.from;
      this.to = b.to;
      this.keyColumn = b.keyColumn;
      this.olderThan = b.olderThan;
      this.batchSize = b.batchSize;
      this.format = b.format;
      this.clock = b.clock;
      this.message = b.message;
    }
  }

  private final Spec b;
  private final String sql;

  private MaintenanceTask(Builder builder) {
    this.b = new Spec(builder);
    this.sql = buildSql(b);
  }

  /** Deletes rows of {@code table} whose {@code timestampColumn} is older than the age. */
  public static Builder prune(DataSource dataSource, String table, String timestampColumn) {
    return new Builder(Kind.PRUNE, dataSource, table, timestampColumn);
  }

  /**
   * Sets {@code payloadColumns} to NULL on rows of {@code table} whose {@code timestampColumn} is
   * older than the age; rows already scrubbed are not touched again.
   */
  public static Builder scrub(DataSource dataSource, String table, String timestampColumn,
      String... payloadColumns) {
    Builder builder = new Builder(Kind.SCRUB, dataSource, table, timestampColumn);
    if (payloadColumns.length == 0) {
      throw new IllegalArgumentException("scrub of " + table + " needs at least one payload"
          + " column to set to NULL");
    }
    for (String column : payloadColumns) {
      builder.payloadColumns.add(Identifiers.check(column, "scrub payload column", false));
    }
    return builder;
  }

  /**
   * Moves rows of {@code table} whose {@code stateColumn} has held {@link Builder#from} since
   * before the age (by {@code timestampColumn}, the time the row entered that state) to {@link
   * Builder#to}.
   */
  public static Builder reap(DataSource dataSource, String table, String stateColumn,
      String timestampColumn) {
    Builder builder = new Builder(Kind.REAP, dataSource, table, timestampColumn);
    builder.stateColumn = Identifiers.check(stateColumn, "reap state column", false);
    return builder;
  }

  /** {@code prune}, {@code scrub} or {@code reap}, and the table: e.g. {@code prune previews}. */
  public String name() {
    return b.kind.word + " " + b.table;
  }

  /**
   * Runs the task to the end, batch after batch.
   *
   * @return the number of rows deleted or changed
   * @throws SQLException from the database, saying how many rows earlier batches already touched
   */
  public long run() throws SQLException {
    Instant cutoff = b.clock.instant().minus(b.olderThan);
    long total = 0;
    int batches = 0;
    try (Connection c = b.dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, cutoff);
        while (true) {
          int n = ps.executeUpdate();
          c.commit();
          batches++;
          total += n;
          if (n < b.batchSize) {
            break;
          }
        }
      } catch (SQLException e) {
        rollbackQuietly(c, e);
        throw new SQLException(name() + " failed in batch " + (batches + 1) + " after " + total
            + " rows were done in earlier batches (those stay done): " + e.getMessage(),
            e.getSQLState(), e);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
    LOG.atInfo().setMessage(b.kind.event)
        .addKeyValue("table", b.table)
        .addKeyValue("rows", total)
        .addKeyValue("batches", batches)
        .addKeyValue("summary", message(total)).log();
    return total;
  }

  /** The log line for a run that touched {@code count} rows. */
  String message(long count) {
    String text = b.message == null ? b.kind.defaultMessage : b.message;
    for (Map.Entry<String, String> e : Map.of(
        "{count}", Long.toString(count),
        "{table}", b.table,
        "{days}", Long.toString(b.olderThan.toDays()),
        "{age}", human(b.olderThan),
        "{from}", String.valueOf(b.from),
        "{to}", String.valueOf(b.to)).entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }

  private void bind(PreparedStatement ps, Instant cutoff) throws SQLException {
    int i = 1;
    switch (b.kind) {
      case PRUNE, SCRUB -> {
        b.format.bind(ps, i++, cutoff);
        b.format.bind(ps, i++, cutoff);
        ps.setInt(i, b.batchSize);
      }
      case REAP -> {
        ps.setString(i++, b.to);
        ps.setString(i++, b.from);
        b.format.bind(ps, i++, cutoff);
        ps.setString(i++, b.from);
        b.format.bind(ps, i++, cutoff);
        ps.setInt(i, b.batchSize);
      }
      default -> throw new IllegalStateException(b.kind.toString());
    }
  }

  private static String buildSql(Spec b) {
    // Names are checked to be plain SQL names, and are written unquoted so that the database
    // folds their case as it does in the service's own SQL (H2 to upper, PostgreSQL to lower).
    String t = b.table;
    String k = b.keyColumn;
    String ts = b.timestampColumn;
    switch (b.kind) {
      case PRUNE:
        return "DELETE FROM " + t + " WHERE " + ts + " < ? AND " + k + " IN (SELECT " + k
            + " FROM " + t + " WHERE " + ts + " < ? ORDER BY " + ts + " LIMIT ?)";
      case SCRUB: {
        List<String> set = new ArrayList<>();
        List<String> notNull = new ArrayList<>();
        for (String col : b.payloadColumns) {
          set.add(col + " = NULL");
          notNull.add(col + " IS NOT NULL");
        }
        String pending = "(" + String.join(" OR ", notNull) + ")";
        return "UPDATE " + t + " SET " + String.join(", ", set) + " WHERE " + ts + " < ? AND "
            + k + " IN (SELECT " + k + " FROM " + t + " WHERE " + ts + " < ? AND " + pending
            + " ORDER BY " + ts + " LIMIT ?)";
      }
      case REAP: {
        String st = b.stateColumn;
        return "UPDATE " + t + " SET " + st + " = ? WHERE " + st + " = ? AND " + ts + " < ? AND "
            + k + " IN (SELECT " + k + " FROM " + t + " WHERE " + st + " = ? AND " + ts
            + " < ? ORDER BY " + ts + " LIMIT ?)";
      }
      default:
        throw new IllegalStateException(b.kind.toString());
    }
  }

  private static String human(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + " h";
    }
    if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }

  private static void rollbackQuietly(Connection c, SQLException cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Settings of a {@link MaintenanceTask}. */
  public static final class Builder {
    private final Kind kind;
    private final DataSource dataSource;
    private final String table;
    private final String timestampColumn;
    private final List<String> payloadColumns = new ArrayList<>();
    private String stateColumn;
    private String from;
    private String to;
    private String keyColumn = "id";
    private Duration olderThan;
    private int batchSize = 1000;
    private TimestampFormat format = TimestampFormat.SQL_TIMESTAMP;
    private Clock clock = Clock.systemUTC();
    private String message;

    private Builder(Kind kind, DataSource dataSource, String table, String timestampColumn) {
      this.kind = kind;
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
      this.table = Identifiers.check(table, kind.word + " table", true);
      this.timestampColumn =
          Identifiers.check(timestampColumn, kind.word + " timestamp column", false);
    }

    /** The age (prune, scrub) or time in the state (reap) beyond which a row is touched. */
    public Builder olderThan(Duration age) {
      Objects.requireNonNull(age, "olderThan must not be null");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException(kind.word + " of " + table + ": olderThan must be"
            + " positive; it was " + age);
      }
      this.olderThan = age;
      return this;
    }

    /** Rows per batch, each batch its own transaction; default 1000. */
    public Builder batchSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException(kind.word + " of " + table + ": batchSize must be at"
            + " least 1; it was " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    /** The column that picks rows (unique per row); default {@code id}. */
    public Builder keyColumn(String column) {
      this.keyColumn = Identifiers.check(column, kind.word + " key column", false);
      return this;
    }

    /** How the timestamp column stores time; default {@link TimestampFormat#SQL_TIMESTAMP}. */
    public Builder timestamps(TimestampFormat format) {
      this.format = Objects.requireNonNull(format, "timestamps must not be null");
      return this;
    }

    /** The clock the cut-off is computed from; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /** The log line, with {count}, {table}, {days}, {age}, {from} and {to} filled in. */
    public Builder message(String message) {
      if (message == null || message.isBlank()) {
        throw new IllegalArgumentException(kind.word + " of " + table + ": message must not be"
            + " blank");
      }
      this.message = message;
      return this;
    }

    /** For reap: the state rows are stuck in, e.g. {@code processing}. */
    public Builder from(String state) {
      this.from = requireReapState(state, "from");
      return this;
    }

    /** For reap: the state stuck rows are moved to, e.g. {@code failed}. */
    public Builder to(String state) {
      this.to = requireReapState(state, "to");
      return this;
    }

    private String requireReapState(String state, String which) {
      if (kind != Kind.REAP) {
        throw new IllegalStateException(which + "(...) is for reap tasks; this is a " + kind.word);
      }
      if (state == null || state.isEmpty()) {
        throw new IllegalArgumentException("reap of " + table + ": the " + which + " state must"
            + " not be empty");
      }
      return state;
    }

    /**
     * @throws IllegalStateException naming what is missing
     */
    public MaintenanceTask build() {
      if (olderThan == null) {
        throw new IllegalStateException(kind.word + " of " + table + " needs olderThan(...), e.g."
            + " Duration.ofDays(30)");
      }
      if (kind == Kind.REAP) {
        if (from == null || to == null) {
          throw new IllegalStateException("reap of " + table + " needs from(\"processing\") and"
              + " to(\"failed\")");
        }
        if (from.equals(to)) {
          throw new IllegalStateException("reap of " + table + " moves rows from \"" + from
              + "\" to the same state; give a different to(...)");
        }
      }
      return new MaintenanceTask(this);
    }
  }
}
