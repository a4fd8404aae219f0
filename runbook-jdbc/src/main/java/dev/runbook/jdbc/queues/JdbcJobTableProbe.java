package dev.runbook.jdbc.queues;

import dev.runbook.core.QueueProbe;
import dev.runbook.core.QueueReport;
import dev.runbook.jdbc.internal.Identifiers;
import dev.runbook.jdbc.maintenance.TimestampFormat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A job table as a queue, such as the analytics runbook's {@code jobs} with {@code queued},
 * {@code processing} and {@code failed}: one {@code SELECT status, COUNT(*) ... GROUP BY status}
 * a probe, each status value counted where it was mapped ({@link Builder#waiting}, {@link
 * Builder#started}, {@link Builder#failed}, {@link Builder#deferred}, {@link Builder#scheduled});
 * unmapped values (done, cancelled) are not work. With {@link Builder#workers}, the started rows
 * grouped by their worker column give the workers, their newest heartbeat and one current job.
 * Table and column names are checked as SQL identifiers when built; nothing else reaches the SQL
 * text. Works the same on SQLite, H2 and PostgreSQL.
 *
 * <pre>{@code
 * JdbcJobTableProbe.builder(dataSource, "jobs").statusColumn("state")
 *     .waiting("queued").started("processing").failed("failed").build();
 * }</pre>
 */
public final class JdbcJobTableProbe implements QueueProbe {

  private final DataSource dataSource;
  private final String name;
  private final String queue;
  private final String table;
  private final String status;
  private final Map<String, String> kinds; // status value -> size, started, failed, ...
  private final String workerColumn;
  private final String heartbeatColumn;
  private final TimestampFormat heartbeatFormat;
  private final String idColumn;

  private JdbcJobTableProbe(Builder b) {
    this.dataSource = b.dataSource;
    this.table = b.table;
    this.name = b.name != null ? b.name : "table " + b.table;
    this.queue = b.queue != null ? b.queue : b.table;
    this.status = b.statusColumn;
    this.kinds = Map.copyOf(b.kinds);
    this.workerColumn = b.workerColumn;
    this.heartbeatColumn = b.heartbeatColumn;
    this.heartbeatFormat = b.heartbeatFormat;
    this.idColumn = b.idColumn;
  }

  /** Probes {@code table} (optionally schema-qualified) through {@code dataSource}. */
  public static Builder builder(DataSource dataSource, String table) {
    return new Builder(dataSource, table);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public QueueReport probe() throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    List<QueueReport.Worker> workers = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + status + ", COUNT(*) FROM "
          + table + " GROUP BY " + status); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String kind = kinds.get(rs.getString(1));
          if (kind != null) {
            counts.merge(kind, rs.getLong(2), Long::sum);
          }
        }
      }
      if (workerColumn != null) {
        workers(c, workers);
      }
    }
    QueueReport.Queue q = new QueueReport.Queue(queue, count(counts, "size"),
        count(counts, "deferred"), count(counts, "scheduled"), count(counts, "started"),
        count(counts, "failed"));
    return new QueueReport(List.of(q), workers);
  }

  /** Zero for a mapped kind with no rows; null for a kind no status value maps to. */
  private Long count(Map<String, Long> counts, String kind) {
    return kinds.containsValue(kind) ? counts.getOrDefault(kind, 0L) : null;
  }

  private void workers(Connection c, List<QueueReport.Worker> out) throws SQLException {
    List<String> started = kinds.entrySet().stream().filter(e -> e.getValue().equals("started"))
        .map(Map.Entry::getKey).sorted().toList();
    if (started.isEmpty()) {
      return;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(started.size(), "?"));
    String sql = "SELECT " + workerColumn + ", MAX(" + idColumn + ")"
        + (heartbeatColumn == null ? "" : ", MAX(" + heartbeatColumn + ")")
        + " FROM " + table + " WHERE " + status + " IN (" + marks + ") AND " + workerColumn
        + " IS NOT NULL GROUP BY " + workerColumn + " ORDER BY " + workerColumn;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < started.size(); i++) {
        ps.setString(i + 1, started.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new QueueReport.Worker(rs.getString(1), "busy", List.of(queue),
              rs.getString(2), heartbeatColumn == null ? null : heartbeatFormat.read(rs, 3)));
        }
      }
    }
  }

  /** Configures a {@link JdbcJobTableProbe}. */
  public static final class Builder {
    private final DataSource dataSource;
    private final String table;
    private String name;
    private String queue;
    private String statusColumn = "status";
    private final Map<String, String> kinds = new HashMap<>();
    private String workerColumn;
    private String heartbeatColumn;
    private TimestampFormat heartbeatFormat = TimestampFormat.SQL_TIMESTAMP;
    private String idColumn = "id";

    private Builder(DataSource dataSource, String table) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.table = Identifiers.check(table, "table", true);
    }

    /** The probe's name in {@code /health/queues}; default {@code table <table>}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The queue's name; default the table's. */
    public Builder queue(String queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /** The column holding each row's status; default {@code status}. */
    public Builder statusColumn(String column) {
      this.statusColumn = Identifiers.check(column, "status column", false);
      return this;
    }

    /** Status values of work waiting to be taken ({@code size}), e.g. {@code queued}. */
    public Builder waiting(String... values) {
      return map("size", values);
    }

    /** Status values of work in progress ({@code started}), e.g. {@code processing}. */
    public Builder started(String... values) {
      return map("started", values);
    }

    /** Status values of work that failed ({@code failed}). */
    public Builder failed(String... values) {
      return map("failed", values);
    }

    /** Status values of work held back ({@code deferred}), e.g. {@code retry_wait}. */
    public Builder deferred(String... values) {
      return map("deferred", values);
    }

    /** Status values of work due later ({@code scheduled}). */
    public Builder scheduled(String... values) {
      return map("scheduled", values);
    }

    private Builder map(String kind, String... values) {
      for (String v : values) {
        String before = kinds.putIfAbsent(Objects.requireNonNull(v, "status value"), kind);
        if (before != null && !before.equals(kind)) {
          throw new IllegalArgumentException("status value \"" + v + "\" is mapped to both "
              + before + " and " + kind + "; map each value once");
        }
      }
      return this;
    }

    /**
     * Reports workers: started rows grouped by {@code workerColumn} (e.g. {@code locked_by}),
     * with the newest {@code heartbeatColumn} value (stored as {@code format}; null for none)
     * and the highest id as the current job.
     */
    public Builder workers(String workerColumn, String heartbeatColumn, TimestampFormat format) {
      this.workerColumn = Identifiers.check(workerColumn, "worker column", false);
      this.heartbeatColumn = heartbeatColumn == null ? null
          : Identifiers.check(heartbeatColumn, "heartbeat column", false);
      this.heartbeatFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** The id column, for a worker's current job; default {@code id}. */
    public Builder idColumn(String column) {
      this.idColumn = Identifiers.check(column, "id column", false);
      return this;
    }

    public JdbcJobTableProbe build() {
      Set<String> kindsUsed = new LinkedHashSet<>(kinds.values());
      if (kindsUsed.isEmpty()) {
        throw new IllegalArgumentException("map at least one status value of " + table
            + " (waiting, started, failed, deferred or scheduled)");
      }
      return new JdbcJobTableProbe(this);
    }
  }
}
