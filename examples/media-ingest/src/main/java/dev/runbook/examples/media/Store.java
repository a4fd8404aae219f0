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
