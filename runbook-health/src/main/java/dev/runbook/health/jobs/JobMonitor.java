package dev.runbook.health.jobs;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Redactor;
import dev.runbook.core.Status;
import dev.runbook.health.internal.Arguments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every run of every job and turns consecutive failures, silence and runaway runs into
 * health.
 *
 * <p>Three ways in, all recording the same state: {@link #scheduleAtFixedRate} / {@link
 * #scheduleWithFixedDelay} on the monitor's executor (a task that throws never cancels its
 * schedule); {@link #run}, {@link #call} and {@link #start} around runs of any other scheduler
 * (Quartz, Spring {@code @Scheduled}). A task that throws {@link JobSkipped} is skipped: neither a
 * failure nor a success.
 *
 * <p>A job is failing when its consecutive failures reach its threshold (the monitor's, default
 * 3, unless its {@link JobPolicy} sets one); a success resets the count. It is overdue when it has
 * not started within its expected interval plus grace, and stuck when a run has lasted longer
 * than its maximum runtime. {@link #healthCheck()} reports all of it as the {@code scheduler}
 * section. Log events, once per change of state: {@code job_failed} (WARN, every failure), {@code
 * job_failing} (ERROR), {@code job_recovered} (INFO), {@code job_overdue} and {@code job_stuck}
 * (WARN, once per episode).
 *
 * <pre>{@code
 * JobMonitor jobs = JobMonitor.builder().clock(clock).build();
 * jobs.scheduleAtFixedRate("overdue-reminders", reminders::send, Duration.ZERO,
 *     Duration.ofHours(1), JobPolicy.builder().expectEvery(Duration.ofHours(1),
 *         Duration.ofMinutes(10)).build());
 * registry.register("scheduler", jobs.healthCheck());
 * }</pre>
 */
public final class JobMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobMonitor.class);

  private final Clock clock;
  private final Redactor redactor;
  private final int failureThreshold;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
  private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

  private JobMonitor(Builder b) {
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.failureThreshold = b.failureThreshold;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownsExecutor = false;
    } else {
      ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(b.threads,
          dev.runbook.health.internal.DaemonThreads.named("runbook-jobs-", new AtomicInteger()));
      own.setRemoveOnCancelPolicy(true);
      this.executor = own;
      this.ownsExecutor = true;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The monitor-wide failure threshold. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /**
   * Declares a job with a policy before its first run; a job first seen by a run gets {@link
   * JobPolicy#defaults()}.
   *
   * @throws IllegalArgumentException if the name is invalid or already declared
   */
  public JobMonitor declare(String name, JobPolicy policy) {
    requireName(name);
    Objects.requireNonNull(policy, "policy must not be null");
    JobRecord record = new JobRecord(name, policy, clock.instant());
    if (jobs.putIfAbsent(name, record) != null) {
      throw new IllegalArgumentException("job \"" + name + "\" is already declared");
    }
    order.add(name);
    return this;
  }

  /** Runs {@code task} every {@code period} on the monitor's executor, recording each run. */
  public ScheduledFuture<?> scheduleAtFixedRate(String name, Runnable task, Duration initialDelay,
      Duration period, JobPolicy policy) {
    JobRecord record = declared(name, policy);
    Duration p = Arguments.positive(period, "period");
    setNext(record, clock.instant().plus(Arguments.notNegative(initialDelay, "initialDelay")));
    return executor.scheduleAtFixedRate(() -> {
      setNext(record, clock.instant().plus(p));
      runQuietly(record, task);
    }, initialDelay.toNanos(), p.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} with {@code delay} between the end of one run and the start of the next. */
  public ScheduledFuture<?> scheduleWithFixedDelay(String name, Runnable task,
      Duration initialDelay, Duration delay, JobPolicy policy) {
    JobRecord record = declared(name, policy);
    Duration d = Arguments.positive(delay, "delay");
    setNext(record, clock.instant().plus(Arguments.notNegative(initialDelay, "initialDelay")));
    return executor.scheduleWithFixedDelay(() -> {
      setNext(record, null);
      runQuietly(record, task);
      setNext(record, clock.instant().plus(d));
    }, initialDelay.toNanos(), d.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs a task of another scheduler, recording it; failures are rethrown to that scheduler. */
  public void run(String name, Runnable task) {
    JobRun run = start(name);
    try {
      task.run();
      run.succeeded();
    } catch (JobSkipped e) {
      run.skipped(e.getMessage());
    } catch (RuntimeException | Error e) {
      run.failed(e);
      throw e;
    }
  }

  /** Like {@link #run}, for tasks that return a value; a skipped run returns null. */
  public <T> T call(String name, Callable<T> task) throws Exception {
    JobRun run = start(name);
    try {
      T value = task.call();
      run.succeeded();
      return value;
    } catch (JobSkipped e) {
      run.skipped(e.getMessage());
      return null;
    } catch (Exception | Error e) {
      run.failed(e);
      throw e;
    }
  }

  /** Starts a run whose end is reported later, for callback-style schedulers. */
  public JobRun start(String name) {
    JobRecord record = jobs.computeIfAbsent(requireName(name), n -> {
      order.add(n);
      return new JobRecord(n, JobPolicy.defaults(), clock.instant());
    });
    Instant started = clock.instant();
    synchronized (record) {
      record.inProgress++;
      if (record.inProgress == 1) {
        record.runningSince = started;
      }
      record.lastRunAt = started;
      record.overdueReported = false;
    }
    return new Run(record, started);
  }

  /**
   * Clears a job's failure count, last error and episode flags without a restart; its counters
   * of runs stay.
   *
   * @throws NoSuchElementException for a job the monitor does not know
   */
  public void reset(String name) {
    JobRecord record = jobs.get(name);
    if (record == null) {
      throw new NoSuchElementException("no job named \"" + name + "\"; known jobs: " + order);
    }
    synchronized (record) {
      record.consecutiveFailures = 0;
      record.lastError = null;
      record.failingReported = false;
      record.stuckReported = false;
      record.overdueReported = false;
    }
    log.atInfo().setMessage("job_reset").addKeyValue("job", name).log();
  }

  public Optional<JobState> state(String name) {
    JobRecord record = jobs.get(name);
    return record == null ? Optional.empty() : Optional.of(snapshot(record, clock.instant()));
  }

  /** Every job, in the order the monitor first saw them. */
  public List<JobState> states() {
    Instant now = clock.instant();
    List<JobState> states = new ArrayList<>();
    for (String name : order) {
      states.add(snapshot(jobs.get(name), now));
    }
    return states;
  }

  /** False once the monitor's executor is shut down. */
  public boolean running() {
    return !executor.isShutdown();
  }

  /**
   * The {@code scheduler} section: {@code running}, {@code failure_threshold}, {@code
   * failing_jobs}, {@code overdue_jobs}, {@code stuck_jobs} and {@code jobs}. Degraded when any
   * job is failing, overdue or stuck; down when a critical job is failing or the scheduler is not
   * running.
   */
  public HealthCheck healthCheck() {
    return () -> {
      List<JobState> states = states();
      List<String> failing = new ArrayList<>();
      List<String> overdue = new ArrayList<>();
      List<String> stuck = new ArrayList<>();
      boolean criticalFailing = false;
      Map<String, Object> jobDetails = new LinkedHashMap<>();
      for (JobState s : states) {
        if (s.failing()) {
          failing.add(s.name());
          criticalFailing |= s.critical();
        }
        if (s.overdue()) {
          overdue.add(s.name());
        }
        if (s.stuck()) {
          stuck.add(s.name());
        }
        jobDetails.put(s.name(), s.details());
      }
      boolean running = running();
      Status status = !running || criticalFailing ? Status.DOWN
          : failing.isEmpty() && overdue.isEmpty() && stuck.isEmpty() ? Status.OK
          : Status.DEGRADED;
      List<String> reasons = new ArrayList<>();
      if (!running) {
        reasons.add("scheduler is not running");
      }
      describe(reasons, failing, "failing");
      describe(reasons, overdue, "overdue");
      describe(reasons, stuck, "stuck");
      return CheckResult.of(status, reasons.isEmpty() ? null : String.join("; ", reasons))
          .withDetail("running", running)
          .withDetail("failure_threshold", failureThreshold)
          .withDetail("failing_jobs", failing)
          .withDetail("overdue_jobs", overdue)
          .withDetail("stuck_jobs", stuck)
          .withDetail("jobs", jobDetails);
    };
  }

  /** Shuts down the executor if the monitor created it. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  private static void describe(List<String> reasons, List<String> jobs, String what) {
    if (!jobs.isEmpty()) {
      reasons.add(jobs.size() + (jobs.size() == 1 ? " job " : " jobs ") + what + ": "
          + String.join(", ", jobs));
    }
  }

  private JobState snapshot(JobRecord r, Instant now) {
    synchronized (r) {
      int threshold = r.threshold(failureThreshold);
      boolean overdue = r.overdue(now);
      boolean stuck = r.stuck(now);
      if (overdue && !r.overdueReported) {
        r.overdueReported = true;
        log.atWarn().setMessage("job_overdue").addKeyValue("job", r.name)
            .addKeyValue("last_run_at", r.lastRunAt).log();
      }
      if (stuck && !r.stuckReported) {
        r.stuckReported = true;
        log.atWarn().setMessage("job_stuck").addKeyValue("job", r.name)
            .addKeyValue("running_since", r.runningSince).log();
      }
      return new JobState(r.name, r.consecutiveFailures, threshold, r.lastError, r.lastRunAt,
          r.lastSuccessAt, r.lastFailureAt, r.lastDuration, r.inProgress > 0, r.runs, r.failures,
          r.skipped, r.nextRunAt, r.consecutiveFailures >= threshold, overdue, stuck,
          r.policy.critical());
    }
  }

  private void runQuietly(JobRecord record, Runnable task) {
    JobRun run = start(record.name);
    try {
      task.run();
      run.succeeded();
    } catch (JobSkipped e) {
      run.skipped(e.getMessage());
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // Recorded, not rethrown: an exception escaping a scheduled task cancels its schedule.
      run.failed(e);
    }
  }

  private JobRecord declared(String name, JobPolicy policy) {
    declare(name, policy);
    return jobs.get(name);
  }

  private static void setNext(JobRecord record, Instant next) {
    synchronized (record) {
      record.nextRunAt = next;
    }
  }

  private static String requireName(String name) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]*")) {
      throw new IllegalArgumentException("job name \"" + name + "\" is not valid; use lower-case"
          + " letters, digits, '_', '.' and '-' (e.g. \"nightly-backup\")");
    }
    return name;
  }

  /** One run; the first outcome reported counts. */
  private final class Run implements JobRun {
    private final JobRecord record;
    private final Instant started;
    private boolean done;

    Run(JobRecord record, Instant started) {
      this.record = record;
      this.started = started;
    }

    @Override
    public void succeeded() {
      boolean recovered;
      synchronized (record) {
        if (!finish()) {
          return;
        }
        record.runs++;
        recovered = record.failingReported;
        record.consecutiveFailures = 0;
        record.lastError = null;
        record.lastSuccessAt = record.lastRunAt;
        record.failingReported = false;
      }
      if (recovered) {
        log.atInfo().setMessage("job_recovered").addKeyValue("job", record.name).log();
      }
    }

    @Override
    public void failed(Throwable error) {
      String message = redactor.redact(error);
      int count;
      boolean nowFailing = false;
      synchronized (record) {
        if (!finish()) {
          return;
        }
        record.runs++;
        record.failures++;
        count = ++record.consecutiveFailures;
        record.lastError = message;
        record.lastFailureAt = clock.instant();
        if (count >= record.threshold(failureThreshold) && !record.failingReported) {
          record.failingReported = true;
          nowFailing = true;
        }
      }
      log.atWarn().setMessage("job_failed").addKeyValue("job", record.name)
          .addKeyValue("consecutive_failures", count).addKeyValue("error", message).log();
      if (nowFailing) {
        log.atError().setMessage("job_failing").addKeyValue("job", record.name)
            .addKeyValue("consecutive_failures", count)
            .addKeyValue("failure_threshold", record.threshold(failureThreshold))
            .addKeyValue("error", message).log();
      }
    }

    @Override
    public void skipped(String reason) {
      synchronized (record) {
        if (!finish()) {
          return;
        }
        record.skipped++;
      }
      log.atInfo().setMessage("job_skipped").addKeyValue("job", record.name)
          .addKeyValue("reason", redactor.redact(reason)).log();
    }

    /** Marks the run finished; false if it already was. Holds the record's lock. */
    private boolean finish() {
      if (done) {
        return false;
      }
      done = true;
      record.inProgress--;
      record.lastDuration = Duration.between(started, clock.instant());
      if (record.inProgress == 0) {
        record.runningSince = null;
      }
      return true;
    }
  }

  /** Builds a {@link JobMonitor}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();
    private int failureThreshold = 3;
    private ScheduledExecutorService executor;
    private int threads = 2;

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
      return this;
    }

    /** Consecutive failures at which a job is failing; default 3. */
    public Builder failureThreshold(int threshold) {
      this.failureThreshold = Arguments.failureThreshold(threshold);
      return this;
    }

    /** Schedule on this executor instead of the monitor's own; the monitor will not close it. */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor must not be null");
      return this;
    }

    /** Threads of the monitor's own executor, 1 to 64; default 2. */
    public Builder threads(int threads) {
      this.threads = Arguments.inRange(threads, 1, 64, "threads");
      return this;
    }

    public JobMonitor build() {
      return new JobMonitor(this);
    }
  }
}
