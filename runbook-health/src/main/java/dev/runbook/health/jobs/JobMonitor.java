package dev.runbook.health.jobs;

import dev.runbook.core.HealthCheck;
import dev.runbook.core.JobSpec;
import dev.runbook.core.Redactor;
import dev.runbook.core.RunSkipped;
import dev.runbook.health.internal.Arguments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every run of every job and turns consecutive failures, silence and runaway runs into
 * health.
 *
 * <p>Three ways in, all recording the same state: {@link #scheduleAtFixedRate} / {@link
 * #scheduleWithFixedDelay} on the monitor's executor (a task that throws never cancels its
 * schedule); {@link #run}, {@link #call} and {@link #start} around runs of any other scheduler
 * (Quartz, Spring {@code @Scheduled}); and {@link MonitoredJob} methods found by {@link #scan}.
 * A task that throws {@link JobSkipped} (or any exception that implements {@link RunSkipped}) is
 * skipped: neither a failure nor a success. A scheduled job skipped with a retry delay (the
 * backup repository was busy) runs again after that delay, not a whole period later.
 *
 * <p>A job is failing when its consecutive failures reach its threshold (the monitor's, default
 * 3, unless its {@link JobPolicy} sets one); a success resets the count. It is overdue when it has
 * not started within its expected interval plus grace, and stuck when a run has lasted longer
 * than its maximum runtime. {@link #healthCheck()} reports all of it as the {@code scheduler}
 * section. Log events, once per change of state: {@code job_failed} (WARN, every failure), {@code
 * job_failing} (ERROR), {@code job_recovered} (INFO), {@code job_overdue} and {@code job_stuck}
 * (WARN, once per episode, when health is read). {@link #close()} waits, up to the close timeout,
 * for runs in progress before it returns.
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

  static final Logger log = LoggerFactory.getLogger(JobMonitor.class);

  private final Clock clock;
  private final Redactor redactor;
  private final JobRecords records;
  private final JobListeners listeners;
  private final JobSchedules schedules;
  private final JobPauses pauses;
  private final dev.runbook.core.LeaseProvider leases;

  private JobMonitor(Builder b) {
    this.leases = b.leases;
    this.pauses = new JobPauses(b.pauseFile);
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.records = new JobRecords(log, b.failureThreshold);
    this.listeners = new JobListeners(log, b.redactor);
    this.schedules = new JobSchedules(log, b.executor, b.threads, b.closeTimeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The monitor-wide failure threshold. */
  public int failureThreshold() {
    return records.failureThreshold();
  }

  /**
   * Declares a job with a policy before its first run; a job first seen by a run gets {@link
   * JobPolicy#defaults()}.
   *
   * @throws IllegalArgumentException if the name is invalid or already declared
   */
  public JobMonitor declare(String name, JobPolicy policy) {
    declared(records.declare(name, policy, clock.instant()));
    return this;
  }

  /**
   * A singleton job's lease as the scheduler section shows it: this {@code node}, whether it
   * {@code held_here} now, and the {@code last_node} that took it and when ({@code last_taken_at});
   * null for a job every node runs.
   */
  Map<String, Object> leaseDetails(String name) {
    JobRecord record = records.known(name);
    if (record.policy.singleton().isEmpty() || leases == null) {
      return null;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("node", leases.node());
    try {
      Optional<dev.runbook.core.LeaseProvider.Holder> last = leases.lastHolder(name);
      Instant now = clock.instant();
      d.put("held_here", last.isPresent() && last.get().node().equals(leases.node())
          && last.get().until().isAfter(now) && record.inProgressNow());
      d.put("last_node", last.map(dev.runbook.core.LeaseProvider.Holder::node).orElse(null));
      d.put("last_taken_at", last.map(h -> h.takenAt().toString()).orElse(null));
    } catch (RuntimeException e) {
      d.put("error", redact(e));
    }
    return d;
  }

  /** The lease provider singleton jobs take their leases from; empty without one. */
  public Optional<dev.runbook.core.LeaseProvider> leases() {
    return Optional.ofNullable(leases);
  }

  /**
   * A job just declared: a singleton needs the lease provider, and a job the pause file names
   * starts paused.
   */
  private JobRecord declared(JobRecord record) {
    if (record.policy.singleton().isPresent() && leases == null) {
      throw new IllegalArgumentException("job \"" + record.name + "\" is a singleton but the"
          + " monitor has no lease provider; give JobMonitor.builder().leases(...) one, such as"
          + " runbook-jdbc's ShedLockLeases");
    }
    return markPaused(record, pauses.contains(record.name));
  }

  private static JobRecord markPaused(JobRecord record, boolean paused) {
    synchronized (record) {
      record.paused = paused;
    }
    return record;
  }

  /**
   * Pauses a job: its runs are skipped (counted as skipped, never as failures, and never overdue)
   * until {@link #resume}; a run in progress finishes. Kept in the builder's {@link
   * Builder#pauseFile pause file}, if any, so a restart keeps it paused. Applies to the runs this
   * monitor executes: scheduled ones, {@link #run} and {@link #call}.
   *
   * @return false if it was paused already
   * @throws NoSuchElementException for a job the monitor does not know
   */
  public boolean pause(String name) {
    return setPaused(name, true);
  }

  /**
   * Resumes a paused job from its next run on.
   *
   * @return false if it was not paused
   * @throws NoSuchElementException for a job the monitor does not know
   */
  public boolean resume(String name) {
    return setPaused(name, false);
  }

  private boolean setPaused(String name, boolean pause) {
    JobRecord record = records.known(name);
    boolean changed = pauses.set(name, pause);
    markPaused(record, pause);
    log.atInfo().setMessage(pause ? "job_paused" : "job_resumed").addKeyValue("job", name).log();
    return changed;
  }

  /** The paused jobs, by name. */
  public List<String> pausedJobs() {
    return pauses.names();
  }

  /** Runs {@code task} every {@code period} on the monitor's executor, recording each run. */
  public ScheduledFuture<?> scheduleAtFixedRate(String name, Runnable task, Duration initialDelay,
      Duration period, JobPolicy policy) {
    return schedule(name, callable(task), initialDelay, period, policy, true);
  }

  /**
   * Schedules a job another module describes (e.g. runbook-backup's {@code BackupTasks.jobs}) at
   * a fixed rate, judged by the spec's expected interval and failure threshold.
   */
  public ScheduledFuture<?> schedule(JobSpec spec) {
    Objects.requireNonNull(spec, "spec must not be null");
    JobPolicy.Builder policy = JobPolicy.builder();
    spec.expectedEvery().ifPresent(every -> policy.expectEvery(every, spec.grace()));
    spec.failureThreshold().ifPresent(policy::failureThreshold);
    return scheduleAtFixedRate(spec.name(), spec.task(), spec.firstAfter(), spec.every(),
        policy.build());
  }

  /**
   * Like {@link #schedule(JobSpec)}, as a {@link JobPolicy.Builder#singleton singleton}: its
   * lease lasts at most {@code leaseAtMost} and at least nine tenths of the spec's period (or
   * {@code leaseAtMost}, if shorter), so one replica runs each period.
   */
  public ScheduledFuture<?> scheduleSingleton(JobSpec spec, Duration leaseAtMost) {
    Objects.requireNonNull(spec, "spec must not be null");
    Duration atLeast = spec.every().multipliedBy(9).dividedBy(10);
    JobPolicy.Builder policy = JobPolicy.builder()
        .singleton(leaseAtMost, atLeast.compareTo(leaseAtMost) > 0 ? leaseAtMost : atLeast);
    spec.expectedEvery().ifPresent(every -> policy.expectEvery(every, spec.grace()));
    spec.failureThreshold().ifPresent(policy::failureThreshold);
    return scheduleAtFixedRate(spec.name(), spec.task(), spec.firstAfter(), spec.every(),
        policy.build());
  }

  /** Runs {@code task} with {@code delay} between the end of one run and the start of the next. */
  public ScheduledFuture<?> scheduleWithFixedDelay(String name, Runnable task,
      Duration initialDelay, Duration delay, JobPolicy policy) {
    return schedule(name, callable(task), initialDelay, delay, policy, false);
  }

  private ScheduledFuture<?> schedule(String name, Callable<?> task, Duration initialDelay,
      Duration every, JobPolicy policy, boolean fixedRate) {
    Duration first = Arguments.notNegative(initialDelay, "initialDelay");
    Duration interval = Arguments.positive(every, fixedRate ? "period" : "delay");
    Objects.requireNonNull(task, "task must not be null");
    JobRecord record = declared(records.declare(name, policy, clock.instant()));
    ScheduledJob job = new ScheduledJob(record, task, interval);
    job.regularAt(clock.instant().plus(first));
    if (fixedRate) {
      return schedules.atFixedRate(() -> {
        job.regularAt(clock.instant().plus(interval));
        job.run(-1);
      }, first, interval);
    }
    return schedules.withFixedDelay(() -> {
      job.regularAt(null);
      job.run(-1);
      job.regularAt(clock.instant().plus(interval));
    }, first, interval);
  }

  /**
   * A job the monitor schedules: one run at a time, and a run skipped with a {@link
   * RunSkipped#retryAfter() retry delay} (the backup lock was busy) tried again after that delay
   * when it comes before the next regular run. {@code next_run_at} shows whichever is sooner.
   */
  private final class ScheduledJob {
    private final JobRecord record;
    private final Callable<?> task;
    private final Duration interval;
    private Instant regular;
    private ScheduledFuture<?> retry;
    private Instant retryAt;
    private long retries; // numbers each retry, so one a regular run replaced never runs

    ScheduledJob(JobRecord record, Callable<?> task, Duration interval) {
      this.record = record;
      this.task = task;
      this.interval = interval;
    }

    synchronized void regularAt(Instant next) {
      regular = next;
      showNext();
    }

    /**
     * A regular run ({@code retryNumber} -1) replaces a pending retry; a retry runs only while it
     * is still the pending one.
     */
    synchronized void run(long retryNumber) {
      if (retryNumber >= 0 && (retry == null || retryNumber != retries)) {
        return; // replaced by a regular run while it waited
      }
      if (retry != null) {
        retry.cancel(false);
        schedules.forget(retry);
      }
      retry = null;
      retryAt = null;
      showNext();
      RunSkipped skipped = runQuietly(record, task);
      Optional<Duration> again = skipped == null ? Optional.empty() : skipped.retryAfter();
      if (again.isEmpty() || !schedules.running()) {
        return;
      }
      Instant now = clock.instant();
      Instant nextRegular = regular != null ? regular : now.plus(interval);
      if (!now.plus(again.get()).isBefore(nextRegular)) {
        return;
      }
      retryAt = now.plus(again.get());
      long number = ++retries;
      retry = schedules.once(() -> run(number), again.get());
      showNext();
      log.atInfo().setMessage("job_retry_scheduled").addKeyValue("job", record.name)
          .addKeyValue("retry_at", retryAt).addKeyValue("reason", redact(skipped.getMessage()))
          .log();
    }

    private void showNext() {
      setNext(record, retryAt != null && (regular == null || retryAt.isBefore(regular))
          ? retryAt : regular);
    }
  }

  private static Callable<Object> callable(Runnable task) {
    Objects.requireNonNull(task, "task must not be null");
    return () -> {
      task.run();
      return null;
    };
  }

  /** Runs a task of another scheduler, recording it; failures are rethrown to that scheduler. */
  public void run(String name, Runnable task) {
    try {
      execute(records.record(name, clock.instant()), callable(task));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("unreachable: a Runnable threw a checked exception", e);
    }
  }

  /** Like {@link #run}, for tasks that return a value; a skipped run returns null. */
  public <T> T call(String name, Callable<T> task) throws Exception {
    Objects.requireNonNull(task, "task must not be null");
    return execute(records.record(name, clock.instant()), task);
  }

  /** Starts a run whose end is reported later, for callback-style schedulers. */
  public JobRun start(String name) {
    return start(records.record(name, clock.instant()));
  }

  /**
   * Schedules every {@link MonitoredJob} method of {@code target} on the monitor's executor.
   * Every declaration is checked before any is scheduled, so a bad one schedules nothing.
   *
   * @return the schedules by job name, for cancelling
   * @throws IllegalArgumentException naming the class and method of a bad declaration
   */
  public Map<String, ScheduledFuture<?>> scan(Object target) {
    List<JobScanner.Declared> declared = JobScanner.scan(target);
    for (JobScanner.Declared d : declared) {
      if (records.contains(d.name())) {
        throw new IllegalArgumentException("job \"" + d.name() + "\" of "
            + target.getClass().getName() + " is already declared in this monitor; give it"
            + " another name");
      }
    }
    Map<String, ScheduledFuture<?>> scheduled = new LinkedHashMap<>();
    for (JobScanner.Declared d : declared) {
      scheduled.put(d.name(), schedule(d.name(), d.task(), d.initialDelay(), d.every(),
          d.policy(), !d.fixedDelay()));
    }
    return Collections.unmodifiableMap(scheduled);
  }

  /** Tells {@code listener} of every finished run from now on. */
  public JobMonitor addListener(JobListener listener) {
    listeners.add(listener);
    return this;
  }

  private JobRun start(JobRecord record) {
    Instant started = clock.instant();
    schedules.began();
    synchronized (record) {
      record.inProgress++;
      if (record.inProgress == 1) {
        record.runningSince = started;
      }
      record.lastRunAt = started;
      record.overdueReported = false;
    }
    return new RecordedRun(this, record, started);
  }

  /**
   * Clears a job's failure count, last error and episode flags without a restart; its counters
   * of runs stay.
   *
   * @throws NoSuchElementException for a job the monitor does not know
   */
  public void reset(String name) {
    JobRecord record = records.known(name);
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
    if (!records.contains(name)) {
      return Optional.empty();
    }
    JobRecord record = markPaused(records.known(name), pauses.contains(name));
    return Optional.of(records.state(record, clock.instant()));
  }

  /** Every job, in the order the monitor first saw them; an unmodifiable list. */
  public List<JobState> states() {
    // the pause file may have changed meanwhile: read it once for every job
    java.util.Set<String> paused = java.util.Set.copyOf(pauses.names());
    for (String name : records.names()) {
      markPaused(records.known(name), paused.contains(name));
    }
    return records.states(clock.instant());
  }

  /** False once the monitor is closed or its executor is shut down. */
  public boolean running() {
    return schedules.running();
  }

  /**
   * The {@code scheduler} section: {@code running}, {@code failure_threshold}, {@code
   * failing_jobs}, {@code overdue_jobs}, {@code stuck_jobs} and {@code jobs}. Degraded when any
   * job is failing, overdue or stuck; down when a critical job is failing or the scheduler is not
   * running.
   */
  public HealthCheck healthCheck() {
    return new SchedulerSection(this);
  }

  /**
   * Stops scheduling, then waits up to the close timeout (default 30 s) for runs in progress, of
   * this monitor's executor or any other scheduler, to finish. Runs still going then are logged
   * ({@code job_monitor_close_timed_out}) and, on the monitor's own executor, interrupted. An
   * executor given to the builder is left for its owner to shut down.
   */
  @Override
  public void close() {
    schedules.close(records::running);
  }

  /**
   * Runs one task and records its outcome. Scheduled runs ({@code rethrow} false) swallow the
   * failure once recorded: an exception escaping a scheduled task would cancel its schedule.
   * {@code onSkip} is told of a skipped run.
   */
  private <T> T execute(JobRecord record, Callable<T> task, boolean rethrow,
      java.util.function.Consumer<RunSkipped> onSkip) throws Exception {
    boolean paused = pauses.contains(record.name);
    markPaused(record, paused);
    if (paused) {
      start(record).skipped("paused by an operator; resume it to run again");
      return null;
    }
    Optional<JobPolicy.Singleton> singleton = record.policy.singleton();
    dev.runbook.core.LeaseProvider.Lease lease = null;
    if (singleton.isPresent()) {
      Optional<dev.runbook.core.LeaseProvider.Lease> taken;
      try {
        taken = leases.acquire(record.name, singleton.get().atMost(), singleton.get().atLeast());
      } catch (RuntimeException e) {
        JobRun failed = start(record);
        failed.failed(new IllegalStateException("could not take the lease: " + redact(e), e));
        if (rethrow) {
          throw e;
        }
        return null;
      }
      if (taken.isEmpty()) {
        String holder = leases.lastHolder(record.name).map(h -> " (" + h.node() + " until "
            + h.until() + ")").orElse("");
        start(record).skipped("another node holds the lease" + holder);
        return null;
      }
      lease = taken.get();
    }
    JobRun run = start(record);
    try {
      T value = task.call();
      run.succeeded();
      return value;
    } catch (Exception | LinkageError | AssertionError e) {
      if (e instanceof RunSkipped skipped) {
        run.skipped(e.getMessage());
        onSkip.accept(skipped);
        return null;
      }
      run.failed(e);
      if (rethrow) {
        throw e;
      }
      return null;
    } catch (Error e) {
      // OutOfMemoryError and friends: record, and let them end the thread as they should.
      run.failed(e);
      throw e;
    } finally {
      if (lease != null) {
        try {
          lease.release();
        } catch (RuntimeException e) {
          log.atWarn().setMessage("job_lease_release_failed").addKeyValue("job", record.name)
              .addKeyValue("error", redact(e)).log();
        }
      }
    }
  }

  private <T> T execute(JobRecord record, Callable<T> task) throws Exception {
    return execute(record, task, true, skipped -> { });
  }

  /** A scheduled run; returns how it was skipped, or null when it ran. */
  private RunSkipped runQuietly(JobRecord record, Callable<?> task) {
    RunSkipped[] skipped = new RunSkipped[1];
    try {
      execute(record, task, false, s -> skipped[0] = s);
    } catch (Exception e) {
      throw new IllegalStateException("unreachable: scheduled runs record their failures", e);
    }
    return skipped[0];
  }

  Instant now() {
    return clock.instant();
  }

  String redact(Throwable error) {
    return redactor.redact(error);
  }

  String redact(String text) {
    return redactor.redact(text);
  }

  int threshold(JobRecord record) {
    return records.threshold(record);
  }

  void publish(JobRunEvent event) {
    listeners.publish(event);
  }

  void ended() {
    schedules.ended();
  }

  private static void setNext(JobRecord record, Instant next) {
    synchronized (record) {
      record.nextRunAt = next;
    }
  }

  /** Builds a {@link JobMonitor}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();
    private int failureThreshold = 3;
    private ScheduledExecutorService executor;
    private int threads = 2;
    private Duration closeTimeout = Duration.ofSeconds(30);
    private java.nio.file.Path pauseFile;
    private dev.runbook.core.LeaseProvider leases;

    private Builder() {}

    /** Where {@link JobPolicy.Builder#singleton singleton} jobs take their leases. */
    public Builder leases(dev.runbook.core.LeaseProvider provider) {
      this.leases = Objects.requireNonNull(provider, "provider must not be null");
      return this;
    }

    /**
     * Keeps the paused jobs in {@code file} (JSON, replaced atomically), so a restart keeps them
     * paused; its folder must exist. Without it, pauses last until the process ends.
     */
    public Builder pauseFile(java.nio.file.Path file) {
      this.pauseFile = dev.runbook.health.internal.JsonLines.requireFolder(file, "pause file");
      return this;
    }

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

    /** How long {@link JobMonitor#close()} waits for runs in progress; default 30 s. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Arguments.notNegative(timeout, "closeTimeout");
      return this;
    }

    public JobMonitor build() {
      return new JobMonitor(this);
    }
  }
}
