package dev.runbook.health.internal;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Redactor;
import dev.runbook.core.Status;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.CheckSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one check with single-flight, caching and timeouts.
 *
 * <p>At most one execution is in flight at any time. A request either reads the last result
 * (while it is younger than the ttl, or always for a background check), joins the execution in
 * flight, or starts one. A request waits only until the in-flight execution's own deadline, its
 * start plus the timeout, so a request that joins a run which has already hung for a minute
 * answers at once with {@code timed_out}, and no request waits longer than the timeout. The hung
 * execution keeps its thread until it returns; its result is then cached like any other. Because
 * of single-flight, hung checks can hold at most one thread each, however many requests arrive.
 *
 * <p>Wall-clock timestamps ({@code checked_at}, ttl) come from the injected {@link Clock}; elapsed
 * time for durations and timeouts comes from {@link System#nanoTime()}, since waiting is real.
 */
public final class CheckRunner {

  /** One execution: its future and when it was handed to the executor. */
  private static final class Run {
    final CompletableFuture<CheckSnapshot> future = new CompletableFuture<>();
    final long startedNanos = System.nanoTime();
  }

  private final String name;
  private final HealthCheck check;
  private final CheckOptions options;
  private final Clock clock;
  private final Redactor redactor;
  private final Executor executor;
  private final Consumer<CheckSnapshot> observer;
  private final Instant registeredAt;
  private final Object lock = new Object();

  private volatile CheckSnapshot last;
  private Run inFlight; // guarded by lock
  private volatile ScheduledFuture<?> schedule;

  public CheckRunner(String name, HealthCheck check, CheckOptions options, Clock clock,
      Redactor redactor, Executor executor, Consumer<CheckSnapshot> observer) {
    this.name = name;
    this.check = check;
    this.options = options;
    this.clock = clock;
    this.redactor = redactor;
    this.executor = executor;
    this.observer = observer;
    this.registeredAt = clock.instant();
  }

  public String name() {
    return name;
  }

  public CheckOptions options() {
    return options;
  }

  public void schedule(ScheduledFuture<?> schedule) {
    this.schedule = schedule;
  }

  /** Stops background runs; an execution in flight finishes on its own. */
  public void cancel() {
    ScheduledFuture<?> s = schedule;
    if (s != null) {
      s.cancel(false);
    }
  }

  /** Starts an execution unless one is in flight; for background refreshes. */
  public void refresh() {
    start();
  }

  /**
   * What a request would report now, as a future that completes by the check's deadline: already
   * complete for a cached or background result, otherwise the execution in flight bounded by its
   * timeout.
   */
  public Pending request() {
    if (options.background()) {
      Run run;
      synchronized (lock) {
        run = inFlight;
      }
      if (run != null && overdue(run) && !run.future.isDone()) {
        return Pending.done(timedOut(run));
      }
      CheckSnapshot cached = last;
      return Pending.done(cached != null ? cached : initial());
    }
    CheckSnapshot cached = last;
    if (cached != null && fresh(cached)) {
      return Pending.done(cached);
    }
    synchronized (lock) {
      // Check again under the lock that publishes results: a run may have completed since the
      // read above, and starting another now would run the check twice within one ttl.
      cached = last;
      if (cached != null && fresh(cached)) {
        return Pending.done(cached);
      }
      return new Pending(this, start());
    }
  }

  /** A request's view of one check: done, or waiting for a run until its deadline. */
  public static final class Pending {
    private final CheckRunner runner;
    private final Run run;
    private final CheckSnapshot done;

    private Pending(CheckRunner runner, Run run) {
      this.runner = runner;
      this.run = run;
      this.done = null;
    }

    private Pending(CheckSnapshot done) {
      this.runner = null;
      this.run = null;
      this.done = done;
    }

    static Pending done(CheckSnapshot snapshot) {
      return new Pending(snapshot);
    }

    /** The snapshot, waiting no later than the run's deadline. */
    public CheckSnapshot await() {
      if (done != null) {
        return done;
      }
      long remaining = run.startedNanos + runner.options.timeout().toNanos() - System.nanoTime();
      try {
        if (remaining > 0) {
          return run.future.get(remaining, TimeUnit.NANOSECONDS);
        }
        CheckSnapshot now = run.future.getNow(null);
        if (now != null) {
          return now;
        }
      } catch (TimeoutException e) {
        // fall through: report the timeout below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return runner.failed("interrupted while waiting for the check", run, false);
      } catch (ExecutionException e) {
        return runner.failed(runner.redactor.redact(e.getCause()), run, false);
      }
      CheckSnapshot timedOut = runner.timedOut(run);
      runner.observer.accept(timedOut);
      return timedOut;
    }
  }

  private Run start() {
    synchronized (lock) { // reentrant from request()
      if (inFlight != null) {
        return inFlight;
      }
      Run run = new Run();
      inFlight = run;
      try {
        executor.execute(() -> execute(run));
      } catch (RejectedExecutionException e) {
        inFlight = null;
        run.future.complete(failed("the health registry is closed", run, false));
      }
      return run;
    }
  }

  private void execute(Run run) {
    CheckSnapshot snapshot = runOnce(run);
    last = snapshot;
    synchronized (lock) {
      if (inFlight == run) {
        inFlight = null;
      }
    }
    try {
      // Announce a change before anyone sees the result, so an alert is never behind a response.
      observer.accept(snapshot);
    } finally {
      run.future.complete(snapshot);
    }
  }

  private CheckSnapshot runOnce(Run run) {
    CheckResult result;
    String exceptionType = null;
    try {
      result = check.check();
      if (result == null) {
        result = CheckResult.down("check returned no result (null)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = CheckResult.down("interrupted: " + redactor.redact(e));
      exceptionType = e.getClass().getName();
    } catch (Exception | LinkageError | AssertionError e) {
      result = CheckResult.down(redactor.redact(e));
      exceptionType = e.getClass().getName();
    }
    Map<String, Object> details = redactDetails(result.details());
    if (exceptionType != null) {
      details.put("exception", exceptionType);
    }
    return Snapshot.of(name, result.status(), result.error().map(redactor::redact)
        .orElse(null), details, clock.instant(), elapsed(run), false, options.critical());
  }

  private CheckSnapshot failed(String error, Run run, boolean timedOut) {
    return Snapshot.of(name, Status.DOWN, error, Map.of(), clock.instant(), elapsed(run),
        timedOut, options.critical());
  }

  private CheckSnapshot timedOut(Run run) {
    return failed("did not answer within its timeout of " + format(options.timeout()), run, true);
  }

  private CheckSnapshot initial() {
    Status status = options.initialStatus();
    return Snapshot.of(name, status, status == Status.OK ? null : "not checked yet",
        Map.of(), registeredAt, Duration.ZERO, false, options.critical());
  }

  private boolean fresh(CheckSnapshot snapshot) {
    return clock.instant().isBefore(snapshot.checkedAt().plus(options.ttl()));
  }

  private boolean overdue(Run run) {
    return System.nanoTime() - run.startedNanos >= options.timeout().toNanos();
  }

  private static Duration elapsed(Run run) {
    return Duration.ofNanos(System.nanoTime() - run.startedNanos);
  }

  private Map<String, Object> redactDetails(Map<String, Object> details) {
    Map<String, Object> copy = new LinkedHashMap<>();
    details.forEach((key, value) -> copy.put(key, redactValue(value)));
    return copy;
  }

  private Object redactValue(Object value) {
    if (value instanceof String) {
      return redactor.redact((String) value);
    }
    if (value instanceof List<?>) {
      List<Object> list = new ArrayList<>();
      for (Object element : (List<?>) value) {
        list.add(redactValue(element));
      }
      return list;
    }
    if (value instanceof Map<?, ?>) {
      Map<String, Object> map = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> map.put((String) k, redactValue(v)));
      return map;
    }
    return value;
  }

  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** Fires once per change of the reported status; the first report fires only if not ok. */
  public static Consumer<CheckSnapshot> transitions(Consumer<TransitionEvent> sink) {
    AtomicReference<Status> reported = new AtomicReference<>();
    return snapshot -> {
      Status previous = reported.getAndSet(snapshot.status());
      if (previous != snapshot.status() && !(previous == null && snapshot.status() == Status.OK)) {
        sink.accept(new TransitionEvent(snapshot, previous));
      }
    };
  }

  /** A snapshot whose status differs from the one reported before it. */
  public static final class TransitionEvent {
    public final CheckSnapshot snapshot;
    public final Status previous;

    TransitionEvent(CheckSnapshot snapshot, Status previous) {
      this.snapshot = snapshot;
      this.previous = previous;
    }
  }
}
