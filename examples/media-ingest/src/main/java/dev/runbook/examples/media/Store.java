package dev.runbook.examples.media;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Ingested items and search previews, in SQLite (one connection, WAL, busy timeout) or PostgreSQL
 * (a pool of four). Times are epoch milliseconds in BIGINT columns, the same on both engines.
 */
final class Store implements AutoCloseable {

  private final HikariDataSource pool;
  private final Clock clock;

  Store(Config config, Clock clock) throws Exception {
    this.clock = clock;
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("media");
    hikari.setConnectionTimeout(10_000);
    if (config.postgres()) {
      hikari.setJdbcUrl(config.databaseUrl());
      hikari.setMaximumPoolSize(4);
    } else {
      Files.createDirectories(config.sqliteFile().getParent());
      SQLiteConfig sqlite = new SQLiteConfig();
      sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
      sqlite.setBusyTimeout(5000);
      SQLiteDataSource ds = new SQLiteDataSource(sqlite);
      ds.setUrl("jdbc:sqlite:" + config.sqliteFile());
      hikari.setDataSource(ds);
      hikari.setMaximumPoolSize(1);
    }
    this.pool = new HikariDataSource(hikari);
    migrate(config.postgres());
  }

  HikariDataSource dataSource() {
    return pool;
  }

  private void migrate(boolean postgres) throws SQLException {
    String id = postgres ? "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        : "id INTEGER PRIMARY KEY";
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS media_items (" + id + ", source VARCHAR(40) NOT NULL,"
          + " external_id VARCHAR(200) NOT NULL, title TEXT NOT NULL, payload TEXT,"
          + " ingested_at BIGINT NOT NULL, UNIQUE (source, external_id))");
      s.execute("CREATE TABLE IF NOT EXISTS search_previews (" + id + ", source VARCHAR(40) NOT"
          + " NULL, query TEXT NOT NULL, payload TEXT, created_at BIGINT NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS search_previews_created ON"
          + " search_previews(created_at)");
      s.execute("CREATE INDEX IF NOT EXISTS media_items_ingested ON media_items(ingested_at)");
      // the ingest queue: each fetched page waits here until a worker stores its items
      s.execute("CREATE TABLE IF NOT EXISTS ingest_queue (" + id + ", source VARCHAR(40) NOT"
          + " NULL, page TEXT NOT NULL, state VARCHAR(20) NOT NULL, locked_by VARCHAR(100),"
          + " error TEXT, updated_at BIGINT NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS ingest_queue_state ON ingest_queue(state, id)");
    }
  }

  /** Puts a fetched page in the ingest queue, {@code queued}. */
  void enqueue(String source, String page) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO ingest_queue(source, page, state, updated_at) VALUES (?, ?, 'queued', ?)")) {
      ps.setString(1, source);
      ps.setString(2, page);
      ps.setLong(3, clock.millis());
      ps.executeUpdate();
    }
  }

  /** A page a worker took from the queue. */
  record Work(long id, String source, String page) {}

  /**
   * Takes the oldest queued page for {@code worker}, marking it {@code processing}; empty when
   * the queue is empty. The conditional update makes two workers never take the same page.
   */
  java.util.Optional<Work> claim(String worker) throws SQLException {
    try (Connection c = pool.getConnection()) {
      while (true) {
        Work next;
        try (PreparedStatement find = c.prepareStatement("SELECT id, source, page FROM"
            + " ingest_queue WHERE state = 'queued' ORDER BY id LIMIT 1");
            ResultSet rs = find.executeQuery()) {
          if (!rs.next()) {
            return java.util.Optional.empty();
          }
          next = new Work(rs.getLong(1), rs.getString(2), rs.getString(3));
        }
        try (PreparedStatement take = c.prepareStatement("UPDATE ingest_queue SET state ="
            + " 'processing', locked_by = ?, updated_at = ? WHERE id = ? AND state = 'queued'")) {
          take.setString(1, worker);
          take.setLong(2, clock.millis());
          take.setLong(3, next.id());
          if (take.executeUpdate() == 1) {
            return java.util.Optional.of(next);
          }
        }
      }
    }
  }

  /** A stored page leaves the queue. */
  void done(long id) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM ingest_queue WHERE id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }

  /** A taken page waits again. */
  void release(long id) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE ingest_queue SET state = 'queued', locked_by = NULL, updated_at = ? WHERE id = ?")) {
      ps.setLong(1, clock.millis());
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /** A page that cannot be stored stays, {@code failed}, with why, for a person to look at. */
  void failed(long id, String error) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE ingest_queue SET state = 'failed', error = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, error);
      ps.setLong(2, clock.millis());
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /** Stores a page of items from one source (new or updated) and its search preview. */
  int save(String source, List<Map<String, Object>> items, String rawPage) throws SQLException {
    long now = clock.millis();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO media_items(source,"
          + " external_id, title, payload, ingested_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT"
          + " (source, external_id) DO UPDATE SET title = excluded.title, payload ="
          + " excluded.payload, ingested_at = excluded.ingested_at");
          PreparedStatement preview = c.prepareStatement("INSERT INTO search_previews(source,"
              + " query, payload, created_at) VALUES (?, ?, ?, ?)")) {
        for (Map<String, Object> item : items) {
          upsert.setString(1, source);
          upsert.setString(2, String.valueOf(item.get("id")));
          upsert.setString(3, String.valueOf(item.get("title")));
          upsert.setString(4, item.toString());
          upsert.setLong(5, now);
          upsert.addBatch();
        }
        upsert.executeBatch();
        preview.setString(1, source);
        preview.setString(2, "latest");
        preview.setString(3, rawPage);
        preview.setLong(4, now);
        preview.executeUpdate();
        c.commit();
        return items.size();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  List<Map<String, Object>> latest(int limit) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT source, external_id, title,"
            + " ingested_at FROM media_items ORDER BY ingested_at DESC, id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      List<Map<String, Object>> items = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("source", rs.getString(1));
          item.put("id", rs.getString(2));
          item.put("title", rs.getString(3));
          item.put("ingested_at", java.time.Instant.ofEpochMilli(rs.getLong(4)).toString());
          items.add(item);
        }
      }
      return items;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
