package dev.runbook.health.jobs;

import dev.runbook.health.internal.Arguments;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one job is judged: its own failure threshold (else the monitor's), the interval it is
 * expected to run at plus a grace (no run in that time makes it {@code overdue}), the longest a
 * run may take (longer makes it {@code stuck}), and whether a failing job takes the scheduler
 * section {@code down} rather than {@code degraded}.
 *
 * <pre>{@code
 * JobPolicy.builder().expectEvery(Duration.ofHours(24), Duration.ofHours(2))
 *     .maxRuntime(Duration.ofHours(1)).critical(true).build();
 * }</pre>
 */
public final class JobPolicy {

  private static final JobPolicy DEFAULTS = builder().build();

  private final Integer failureThreshold;
  private final Duration expectedInterval;
  private final Duration grace;
  private final Duration maxRuntime;
  private final boolean critical;
  private final Duration leaseAtMost;
  private final Duration leaseAtLeast;

  private JobPolicy(Builder b) {
    this.leaseAtMost = b.leaseAtMost;
    this.leaseAtLeast = b.leaseAtLeast;
    this.failureThreshold = b.failureThreshold;
    this.expectedInterval = b.expectedInterval;
    this.grace = b.grace;
    this.maxRuntime = b.maxRuntime;
    this.critical = b.critical;
  }

  /** The monitor's threshold, no overdue or stuck detection, not critical. */
  public static JobPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * The policy {@code job} declares, for a method another scheduler runs (Spring's
   * {@code @Scheduled}, Quartz): a run is expected every {@code job.every()} or, when that is
   * empty, every {@code scheduledEvery} (null: at no set interval, as for a cron schedule).
   *
   * @throws IllegalArgumentException naming the attribute whose duration is malformed
   */
  public static JobPolicy of(MonitoredJob job, Duration scheduledEvery) {
    Duration every = job.every().isEmpty() ? scheduledEvery : dev.runbook.health.internal
        .Arguments.positive(dev.runbook.health.internal.Arguments.annotationDuration(
            "MonitoredJob", "every", job.every()), "every");
    return JobScanner.policy(job, every).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The job's own failure threshold; empty when the monitor's applies. */
  public OptionalInt failureThreshold() {
    return failureThreshold == null ? OptionalInt.empty() : OptionalInt.of(failureThreshold);
  }

  /** The interval the job is expected at; empty when it is not expected at one. */
  public Optional<Duration> expectedInterval() {
    return Optional.ofNullable(expectedInterval);
  }

  public Duration grace() {
    return grace;
  }

  /** The longest a run may take before it is stuck; empty when runs may take any time. */
  public Optional<Duration> maxRuntime() {
    return Optional.ofNullable(maxRuntime);
  }

  /** A singleton job's lease times; empty for a job every node runs. */
  public Optional<Singleton> singleton() {
    return leaseAtMost == null ? Optional.empty()
        : Optional.of(new Singleton(leaseAtMost, leaseAtLeast));
  }

  /**
   * How long a singleton job's lease lasts.
   *
   * @param atMost unless released: longer than the longest run
   * @param atLeast even when released sooner: a little under the period
   */
  public record Singleton(Duration atMost, Duration atLeast) {}

  public boolean critical() {
    return critical;
  }

  /** Builds a {@link JobPolicy}; each value is checked when it is set. */
  public static final class Builder {
    private Integer failureThreshold;
    private Duration expectedInterval;
    private Duration grace = Duration.ZERO;
    private Duration maxRuntime;
    private boolean critical;
    private Duration leaseAtMost;
    private Duration leaseAtLeast;

    private Builder() {}

    /**
     * Runs the job on one node at a time across replicas: each run first takes the job's lease
     * from the monitor's {@link JobMonitor.Builder#leases lease provider}; a node that cannot is
     * skipped for that run. {@code atMost} must exceed the longest run (a node that dies holding
     * the lease frees it then); {@code atLeast}, a little under the period, keeps a second node
     * from running the same period.
     */
    public Builder singleton(Duration atMost, Duration atLeast) {
      this.leaseAtMost = Arguments.positive(atMost, "lease atMost");
      this.leaseAtLeast = Arguments.notNegative(atLeast, "lease atLeast");
      if (atLeast.compareTo(atMost) > 0) {
        throw new IllegalArgumentException("lease atLeast " + atLeast + " is longer than atMost "
            + atMost + "; a lease cannot last at least longer than at most");
      }
      return this;
    }

    /** Consecutive failures at which the job is failing; 1 or more. */
    public Builder failureThreshold(int threshold) {
      this.failureThreshold = Arguments.failureThreshold(threshold);
      return this;
    }

    /** The job should run every {@code interval}; it is overdue after {@code interval + grace}. */
    public Builder expectEvery(Duration interval, Duration grace) {
      this.expectedInterval = Arguments.positive(interval, "expected interval");
      this.grace = Arguments.notNegative(grace, "grace");
      return this;
    }

    /** A run longer than this is stuck. */
    public Builder maxRuntime(Duration maxRuntime) {
      this.maxRuntime = Arguments.positive(maxRuntime, "maxRuntime");
      return this;
    }

    /** A failing critical job takes the scheduler section down; overdue or stuck, degraded. */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    public JobPolicy build() {
      return new JobPolicy(this);
    }
  }
}
