package dev.runbook.jdbc.queues;

import dev.runbook.core.QueueProbe;
import dev.runbook.core.QueueReport;
import dev.runbook.jdbc.internal.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * db-scheduler's {@code scheduled_tasks} table, read over JDBC without db-scheduler on the class
 * path: a queue per task name, with {@code size} the executions due and not picked, {@code
 * scheduled} those due later, {@code started} the picked ones, and {@code failed} those whose
 * last run failed ({@code consecutive_failures} above zero); a worker per {@code picked_by}, with
 * its newest {@code last_heartbeat} and one task instance it runs. Due is judged by this clock,
 * bound as a parameter.
 */
public final class DbSchedulerProbe implements QueueProbe {

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;

  private DbSchedulerProbe(DataSource dataSource, String table, Clock clock) {
    this.dataSource = dataSource;
    this.table = table;
    this.clock = clock;
  }

  /** Reads {@code scheduled_tasks}. */
  public static DbSchedulerProbe of(DataSource dataSource, Clock clock) {
    return of(dataSource, "scheduled_tasks", clock);
  }

  /** Reads db-scheduler's table under another name ({@code tableName} in its builder). */
  public static DbSchedulerProbe of(DataSource dataSource, String table, Clock clock) {
    return new DbSchedulerProbe(Objects.requireNonNull(dataSource, "dataSource"),
        Identifiers.check(table, "db-scheduler table", true), Objects.requireNonNull(clock));
  }

  @Override
  public String name() {
    return "db-scheduler";
  }

  @Override
  public QueueReport probe() throws SQLException {
    Timestamp now = Timestamp.from(clock.instant());
    List<QueueReport.Queue> queues = new ArrayList<>();
    List<QueueReport.Worker> workers = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT task_name,"
          + " SUM(CASE WHEN picked = FALSE AND execution_time <= ? THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN picked = FALSE AND execution_time > ? THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN picked = TRUE THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN consecutive_failures > 0 THEN 1 ELSE 0 END)"
          + " FROM " + table + " GROUP BY task_name ORDER BY task_name")) {
        ps.setTimestamp(1, now);
        ps.setTimestamp(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            queues.add(new QueueReport.Queue(rs.getString(1), rs.getLong(2), null,
                rs.getLong(3), rs.getLong(4), rs.getLong(5)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT picked_by, MAX(last_heartbeat),"
          + " MAX(task_name || '/' || task_instance) FROM " + table
          + " WHERE picked = TRUE AND picked_by IS NOT NULL GROUP BY picked_by"
          + " ORDER BY picked_by"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp beat = rs.getTimestamp(2);
          String current = rs.getString(3);
          String task = current == null ? null : current.substring(0, current.indexOf('/'));
          workers.add(new QueueReport.Worker(rs.getString(1), "busy",
              task == null ? List.of() : List.of(task), current,
              beat == null ? null : Instant.ofEpochMilli(beat.getTime())));
        }
      }
    }
    return new QueueReport(queues, workers);
  }
}
