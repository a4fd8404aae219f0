package dev.runbook.jdbc.postgres;

import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.Artifact;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreUnavailableException;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.core.Redactor;
import dev.runbook.jdbc.internal.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drill for {@code postgresql} artifacts: creates a scratch database named {@code
 * runbook_drill_<utc time>_<random>}, streams the dump into {@code pg_restore --exit-on-error},
 * counts every table's rows, and drops the scratch database afterwards, whatever happened
 * ({@code DROP DATABASE ... WITH (FORCE)} where the server has it). It never connects to the
 * database that was backed up.
 *
 * <p>It connects to the administration database given (usually {@code postgres}) as a user who
 * may create databases.
 */
public final class PostgresRestoreVerifier implements RestoreVerifier {

  /** Every scratch database's name starts with this. */
  public static final String SCRATCH_PREFIX = "runbook_drill_";

  static final List<String> CHECKS = List.of(
      "pg_restore --exit-on-error into a scratch database (constraints and indexes rebuilt)");

  private static final Logger LOG = LoggerFactory.getLogger(PostgresRestoreVerifier.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PgDatabase admin;
  private final PgTools tools;
  private final Clock clock;

  private PostgresRestoreVerifier(Builder b) {
    this.admin = b.admin;
    this.tools = b.tools;
    this.clock = b.clock;
  }

  /** A verifier creating scratch databases through {@code admin}, e.g. the postgres database. */
  public static Builder builder(PgDatabase admin) {
    return new Builder(admin);
  }

  @Override
  public String kind() {
    return Pg.KIND;
  }

  @Override
  public RestoreCheck restore(RestoreContext context) throws Exception {
    String scratch = (SCRATCH_PREFIX + STAMP.format(clock.instant()) + "_"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000) | 0x1000000)
            .substring(1)).toLowerCase(Locale.ROOT);
    try (Connection c = unavailableUnless(admin)) {
      try {
        tools.requireAtLeast("pg_restore", Pg.serverVersionNum(c), Pg.serverVersion(c));
      } catch (IOException missing) {
        // no pg_restore, or one too old: the drill could not be tried, which proves nothing
        throw new RestoreUnavailableException(missing.getMessage(), missing);
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + Identifiers.quote(scratch) + " TEMPLATE template0");
      }
      Exception failure = null;
      try {
        PgDatabase target = admin.withDatabase(scratch);
        restoreInto(context, target);
        try (Connection t = target.connect()) {
          return RestoreCheck.passed(CHECKS, Pg.counts(t, List.of()));
        }
      } catch (Exception e) {
        failure = e;
        throw e;
      } finally {
        try {
          drop(c, scratch);
        } catch (SQLException e) {
          if (failure == null) {
            throw e;
          }
          failure.addSuppressed(e);
        }
      }
    }
  }

  /** The scratch server's connection; a server that cannot be reached makes the drill inconclusive. */
  private static Connection unavailableUnless(PgDatabase admin) throws RestoreUnavailableException {
    try {
      return admin.connect();
    } catch (SQLException e) {
      throw new RestoreUnavailableException("cannot reach the PostgreSQL server to create a"
          + " scratch database (" + e.getMessage() + "); start it, or check DATABASE_URL", e);
    }
  }

  /** The restore goes into a scratch database on the server, not into the scratch folder. */
  @Override
  public long scratchBytes(Artifact artifact) {
    return 0;
  }

  private void restoreInto(RestoreContext context, PgDatabase target) throws IOException {
    List<String> args = List.of("--exit-on-error", "--no-owner", "--no-privileges");
    try (ToolProcess restore = tools.start("pg_restore", args, target)) {
      try (InputStream in = context.open();
          OutputStream stdin = restore.stdin()) {
        in.transferTo(stdin);
      } catch (IOException e) {
        // pg_restore stopped reading (it exits at its first error): its own message says why.
        restore.finish("pg_restore of " + context.artifact().file());
        throw e;
      }
      restore.finish("pg_restore of " + context.artifact().file());
    }
  }

  static void drop(Connection admin, String database) throws SQLException {
    String quoted = Identifiers.quote(database);
    try (Statement s = admin.createStatement()) {
      if (Pg.serverVersionNum(admin) >= 130000) {
        s.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
      } else {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
            + Identifiers.literal(database));
        s.execute("DROP DATABASE IF EXISTS " + quoted);
      }
    } catch (SQLException e) {
      LOG.atError().setMessage("scratch_database_not_dropped").addKeyValue("database", database)
          .addKeyValue("error", Redactor.defaults().redact(e))
          .addKeyValue("fix", "drop it by hand: DROP DATABASE " + quoted).log();
      throw e;
    }
  }

  /** Settings of a {@link PostgresRestoreVerifier}. */
  public static final class Builder {
    private final PgDatabase admin;
    private PgTools tools = PgTools.onPath();
    private Clock clock = Clock.systemUTC();

    private Builder(PgDatabase admin) {
      this.admin = Objects.requireNonNull(admin, "admin must not be null");
    }

    /** Where {@code pg_restore} is; default {@code PATH}. */
    public Builder tools(PgTools tools) {
      this.tools = Objects.requireNonNull(tools, "tools must not be null");
      return this;
    }

    /** The clock that stamps scratch database names; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    public PostgresRestoreVerifier build() {
      return new PostgresRestoreVerifier(this);
    }
  }
}
