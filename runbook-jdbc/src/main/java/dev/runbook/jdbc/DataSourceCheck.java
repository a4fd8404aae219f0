package dev.runbook.jdbc;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Is the database answering? Borrows a connection, asks the driver whether it is valid, and
 * reports the latency, the product and its version. For a HikariCP pool it also reports the pool
 * (active, idle, total, max, threads waiting, usage) and grades usage with thresholds, warn 0.80
 * and critical 0.95 by default. A pool of one connection is not graded, since its usage is only
 * ever 0 or 1; its {@code threads_waiting} shows contention.
 *
 * <p>The whole attempt runs on a thread of its own and is abandoned after the timeout, so a
 * database that accepts TCP connections but never answers is reported {@code down} within the
 * timeout rather than hanging the caller. While an abandoned attempt is still stuck, later checks
 * report {@code down} at once instead of starting another: a hanging database never costs more
 * than one thread.
 *
 * <pre>{@code
 * registry.register("database", DataSourceCheck.builder(pool).timeout(Duration.ofSeconds(2)).build());
 * }</pre>
 */
public final class DataSourceCheck implements HealthCheck {

  /** The default limit for one attempt: connection, validity check and metadata. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** The default pool usage levels: degraded at 80 %, down at 95 %. */
  public static final Thresholds DEFAULT_POOL_THRESHOLDS = Thresholds.above(0.80, 0.95);

  private final DataSource dataSource;
  private final Duration timeout;
  private final Thresholds poolThresholds;
  private final AtomicReference<Pending> pending = new AtomicReference<>();

  private record Pending(CompletableFuture<Map<String, Object>> future, long startedNanos) {}

  private DataSourceCheck(Builder b) {
    this.dataSource = b.dataSource;
    this.timeout = b.timeout;
    this.poolThresholds = b.poolThresholds;
  }

  /** A check of this data source with the default timeout and pool thresholds. */
  public static DataSourceCheck of(DataSource dataSource) {
    return builder(dataSource).build();
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public CheckResult check() throws InterruptedException {
    Map<String, Object> details = new LinkedHashMap<>();
    PoolStats pool = PoolStats.read(dataSource);
    Pending stuck = pending.get();
    if (stuck != null && !stuck.future().isDone()) {
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stuck.startedNanos());
      return withPool(
          CheckResult.down("the previous connection attempt has had no answer for " + waited
              + " ms; the database (or the network to it) accepts connections but does not"
              + " answer"),
          pool);
    }
    long start = System.nanoTime();
    CompletableFuture<Map<String, Object>> future = new CompletableFuture<>();
    Pending attempt = new Pending(future, start);
    pending.set(attempt);
    Thread worker = new Thread(() -> attempt(future), "runbook-datasource-check");
    worker.setDaemon(true);
    worker.start();
    try {
      details.putAll(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      worker.interrupt();
      return withPool(
          CheckResult.down("no answer from the database within " + millis(timeout)
              + " ms (connection and validity check); it accepts connections but does not"
              + " answer, or the pool has no free connection"),
          pool);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return withPool(CheckResult.down(describe(cause)), pool);
    }
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    CheckResult result = CheckResult.ok().withDetail("latency_ms", latencyMs).withDetails(details);
    if (Boolean.FALSE.equals(details.get("valid"))) {
      return withPool(
          CheckResult.down("the driver reports the connection invalid (Connection.isValid"
              + " returned false within " + millis(timeout) + " ms)").withDetails(
                  result.details()),
          pool);
    }
    return withPool(result, pool);
  }

  private void attempt(CompletableFuture<Map<String, Object>> future) {
    try (Connection connection = dataSource.getConnection()) {
      Map<String, Object> found = new LinkedHashMap<>();
      int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
      found.put("valid", connection.isValid(seconds));
      DatabaseMetaData meta = connection.getMetaData();
      found.put("product", meta.getDatabaseProductName());
      found.put("version", meta.getDatabaseProductVersion());
      future.complete(found);
    } catch (Throwable t) {
      future.completeExceptionally(t);
    }
  }

  private CheckResult withPool(CheckResult checked, PoolStats pool) {
    // for IETF health+json: a datastore, measured by its response time when it answered
    CheckResult result = checked.withDetail("component_type", "datastore");
    if (checked.details().get("latency_ms") instanceof Long latency
        && checked.status() == Status.OK) {
      result = result.withDetail("measurement", "responseTime")
          .withDetail("observed_value", latency).withDetail("observed_unit", "ms");
    }
    if (pool == null) {
      return result;
    }
    CheckResult out = result.withDetail("pool", pool.toDetails());
    if (out.status() != Status.OK || pool.max() <= 1) {
      // A pool of one connection (SQLite's single writer) is either idle or fully used; grading
      // that would flap. threads_waiting shows its contention instead.
      return out;
    }
    Status graded = poolThresholds.statusOf(pool.usage());
    if (graded == Status.OK) {
      return out;
    }
    double level = graded == Status.DOWN ? poolThresholds.critical() : poolThresholds.warn();
    return out.withStatus(graded)
        .withError(String.format(Locale.ROOT,
            "pool usage %.2f is at or above %.2f (%d of %d connections active, %d threads"
                + " waiting); raise the pool's maximum or find what holds connections",
            pool.usage(), level, pool.active(), pool.max(), pool.waiting()));
  }

  private static String describe(Throwable cause) {
    if (cause instanceof SQLException sql && sql.getSQLState() != null) {
      return sql.getMessage() + " (SQLState " + sql.getSQLState() + ")";
    }
    return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }

  /** Settings of a {@link DataSourceCheck}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Thresholds poolThresholds = DEFAULT_POOL_THRESHOLDS;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    }

    /**
     * The limit for one attempt; default 2 s. Keep it below the health engine's timeout for the
     * check, so this check's own message is the one reported.
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "DataSourceCheck timeout must be positive; it was " + timeout + ". Use e.g."
                + " Duration.ofSeconds(2)");
      }
      this.timeout = timeout;
      return this;
    }

    /** Pool usage levels (active / max) for a HikariCP pool; default above(0.80, 0.95). */
    public Builder poolThresholds(Thresholds thresholds) {
      Objects.requireNonNull(thresholds, "poolThresholds must not be null");
      if (thresholds.direction() != Thresholds.Direction.ABOVE) {
        throw new IllegalArgumentException(
            "pool usage is bad when high; use Thresholds.above(warn, critical), not " + thresholds);
      }
      this.poolThresholds = thresholds;
      return this;
    }

    public DataSourceCheck build() {
      return new DataSourceCheck(this);
    }
  }
}
