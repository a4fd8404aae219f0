package dev.runbook.examples.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code jobs} table: queued, then processing, then done; {@code updated_at} in epoch ms. */
@Component
public class Jobs {

  private final JdbcTemplate sql;
  private final Clock clock = Clock.systemUTC();

  public Jobs(DataSource dataSource) throws SQLException {
    this.sql = new JdbcTemplate(dataSource);
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    }
    String id = product.toLowerCase().contains("sqlite") ? "INTEGER PRIMARY KEY AUTOINCREMENT"
        : "BIGSERIAL PRIMARY KEY";
    sql.execute("CREATE TABLE IF NOT EXISTS jobs (id " + id + ", kind TEXT NOT NULL,"
        + " state TEXT NOT NULL, updated_at BIGINT NOT NULL)");
  }

  public long enqueue(String kind) {
    sql.update("INSERT INTO jobs (kind, state, updated_at) VALUES (?, 'queued', ?)", kind,
        clock.millis());
    return sql.queryForObject("SELECT max(id) FROM jobs", Long.class);
  }

  public Optional<Map<String, Object>> find(long id) {
    List<Map<String, Object>> rows = sql.queryForList(
        "SELECT id, kind, state, updated_at FROM jobs WHERE id = ?", id);
    return rows.stream().findFirst();
  }

  /** Moves the oldest queued job to processing; empty when the queue is empty. */
  public Optional<Long> claim() {
    List<Long> next = sql.queryForList(
        "SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1", Long.class);
    if (next.isEmpty()) {
      return Optional.empty();
    }
    int claimed = sql.update("UPDATE jobs SET state = 'processing', updated_at = ? WHERE id = ?"
        + " AND state = 'queued'", clock.millis(), next.get(0));
    return claimed == 1 ? Optional.of(next.get(0)) : Optional.empty();
  }

  public void finish(long id) {
    sql.update("UPDATE jobs SET state = 'done', updated_at = ? WHERE id = ?", clock.millis(), id);
  }

  /** How many jobs are in each state. */
  public Map<String, Object> counts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (String state : List.of("queued", "processing", "done", "failed")) {
      counts.put(state, sql.queryForObject("SELECT count(*) FROM jobs WHERE state = ?",
          Long.class, state));
    }
    return counts;
  }
}
