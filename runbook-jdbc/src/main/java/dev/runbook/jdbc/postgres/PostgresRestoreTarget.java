package dev.runbook.jdbc.postgres;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.spi.RestoreTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real restore of a PostgreSQL database from a {@code pg_dump} artifact: {@code pg_restore
 * --clean --if-exists --single-transaction --exit-on-error} into the database, so it either
 * replaces every dumped object or, at the first error, changes nothing. Afterwards the row count
 * of every table in the manifest is compared with the database. Use it through {@link
 * dev.runbook.backup.BackupRepository#restore}, which verifies the backup, asks for confirmation
 * and takes a safety backup first.
 */
public final class PostgresRestoreTarget implements RestoreTarget {

  private final String artifact;
  private final PgDatabase database;
  private final PgTools tools;

  private PostgresRestoreTarget(String artifact, PgDatabase database, PgTools tools) {
    this.artifact = Objects.requireNonNull(artifact, "artifact must not be null");
    this.database = Objects.requireNonNull(database, "database must not be null");
    this.tools = Objects.requireNonNull(tools, "tools must not be null");
  }

  public static PostgresRestoreTarget of(String artifact, PgDatabase database, PgTools tools) {
    return new PostgresRestoreTarget(artifact, database, tools);
  }

  @Override
  public String artifact() {
    return artifact;
  }

  @Override
  public String describe() {
    return database.toString();
  }

  @Override
  public void restore(InputStream data, Artifact from) throws Exception {
    try (Connection c = database.connect()) {
      tools.requireAtLeast("pg_restore", Pg.serverVersionNum(c), Pg.serverVersion(c));
    }
    List<String> args = List.of("--clean", "--if-exists", "--single-transaction",
        "--exit-on-error", "--no-owner", "--no-privileges");
    String what = "pg_restore of " + from.file() + " into " + database.database();
    try (ToolProcess restore = tools.start("pg_restore", args, database)) {
      try (OutputStream stdin = restore.stdin()) {
        data.transferTo(stdin);
      } catch (IOException e) {
        restore.finish(what);
        throw e;
      }
      restore.finish(what);
    }
    List<String> schemas = from.rowCounts().keySet().stream().filter(k -> k.indexOf('.') > 0)
        .map(k -> k.substring(0, k.indexOf('.'))).distinct().toList();
    Map<String, Long> actual;
    try (Connection c = database.connect()) {
      actual = Pg.counts(c, schemas);
    }
    Map<String, Long> mismatched = new LinkedHashMap<>();
    from.rowCounts().forEach((table, expected) -> {
      if (!expected.equals(actual.get(table))) {
        mismatched.put(table, actual.get(table));
      }
    });
    if (!mismatched.isEmpty()) {
      throw new IOException("after " + what + " these tables do not hold the backup's rows"
          + " (table=rows found): " + mismatched + "; expected " + from.rowCounts()
          + ". The safety backup taken before the restore holds the previous state");
    }
  }
}
