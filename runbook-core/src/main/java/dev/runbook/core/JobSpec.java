package dev.runbook.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A job a module offers to be scheduled, described without naming a scheduler: its name, its
 * task, when it first runs and how often after, and how it is to be judged (how often it is
 * expected, how many consecutive failures make it failing). runbook-backup's {@code BackupTasks}
 * offers its jobs this way and runbook-health's {@code JobMonitor.schedule(JobSpec)} runs them,
 * so neither module needs the other.
 *
 * <pre>{@code
 * JobSpec nightly = JobSpec.builder("nightly-backup", tasks::backup)
 *     .firstAfter(Duration.ofMinutes(1)).every(Duration.ofDays(1))
 *     .expectEvery(Duration.ofDays(1), Duration.ofHours(2)).build();
 * }</pre>
 */
public final class JobSpec {

  private final String name;
  private final Runnable task;
  private final Duration firstAfter;
  private final Duration every;
  private final Duration expectedEvery;
  private final Duration grace;
  private final Integer failureThreshold;

  private JobSpec(Builder b) {
    this.name = b.name;
    this.task = b.task;
    this.firstAfter = b.firstAfter;
    this.every = b.every;
    this.expectedEvery = b.expectedEvery;
    this.grace = b.grace;
    this.failureThreshold = b.failureThreshold;
  }

  public static Builder builder(String name, Runnable task) {
    return new Builder(name, task);
  }

  public String name() {
    return name;
  }

  public Runnable task() {
    return task;
  }

  /** The delay before the first run. */
  public Duration firstAfter() {
    return firstAfter;
  }

  /** The period between the starts of two runs. */
  public Duration every() {
    return every;
  }

  /** How often a run is expected (the job is overdue after it plus {@link #grace()}). */
  public Optional<Duration> expectedEvery() {
    return Optional.ofNullable(expectedEvery);
  }

  public Duration grace() {
    return grace;
  }

  /** The job's own failure threshold; empty when the scheduler's applies. */
  public OptionalInt failureThreshold() {
    return failureThreshold == null ? OptionalInt.empty() : OptionalInt.of(failureThreshold);
  }

  @Override
  public String toString() {
    return "JobSpec{" + name + " every " + every + " first after " + firstAfter + "}";
  }

  /** Builds a {@link JobSpec}; each value is checked when it is set. */
  public static final class Builder {
    private final String name;
    private final Runnable task;
    private Duration firstAfter = Duration.ZERO;
    private Duration every;
    private Duration expectedEvery;
    private Duration grace = Duration.ZERO;
    private Integer failureThreshold;

    private Builder(String name, Runnable task) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a job needs a name, e.g. \"nightly-backup\"");
      }
      this.name = name;
      this.task = Objects.requireNonNull(task, "task of job " + name + " must not be null");
    }

    /** The delay before the first run; default none. */
    public Builder firstAfter(Duration delay) {
      this.firstAfter = notNegative(delay, "firstAfter");
      return this;
    }

    /** The period between the starts of two runs; required. */
    public Builder every(Duration period) {
      this.every = positive(period, "every");
      return this;
    }

    /** The job is overdue when no run started within {@code interval + grace}. */
    public Builder expectEvery(Duration interval, Duration grace) {
      this.expectedEvery = positive(interval, "expectEvery");
      this.grace = notNegative(grace, "grace");
      return this;
    }

    /** Consecutive failures that make this job failing, 1 or more; default the scheduler's. */
    public Builder failureThreshold(int threshold) {
      if (threshold < 1) {
        throw new IllegalArgumentException("failureThreshold of job " + name + " is "
            + threshold + "; use 1 or more");
      }
      this.failureThreshold = threshold;
      return this;
    }

    public JobSpec build() {
      if (every == null) {
        throw new IllegalStateException("job " + name + " has no period; set every(...)");
      }
      return new JobSpec(this);
    }

    private Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " of job " + name + " is " + d
            + "; use a positive duration such as 1h");
      }
      return d;
    }

    private Duration notNegative(Duration d, String what) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " of job " + name + " is " + d
            + "; use zero or a positive duration");
      }
      return d;
    }
  }
}
