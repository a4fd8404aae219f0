package dev.runbook.health;

import dev.runbook.core.HealthCheck;
import dev.runbook.core.Redactor;
import dev.runbook.health.internal.Arguments;
import dev.runbook.health.internal.CheckRunner;
import dev.runbook.health.internal.CheckScanner;
import dev.runbook.health.internal.DaemonThreads;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named health checks of one service, and the engine that runs them.
 *
 * <p>Checks of a group run in parallel on a small pool of daemon threads that the registry owns.
 * Each check has at most one execution in flight: concurrent requests join it, and within the
 * check's ttl they read its cached result, so however many requests arrive the database sees one
 * query per ttl. A check that misses its timeout is reported with {@code timed_out: true} while
 * its run finishes in the background; a report never waits longer than the largest timeout of
 * the checks it involves.
 *
 * <pre>{@code
 * HealthRegistry registry = HealthRegistry.builder().service("bibliotheca").version("1.4.2")
 *     .listener(new Slf4jStatusListener()).build();
 * registry.register("database", () -> pool.isRunning() ? CheckResult.ok() : CheckResult.down("closed"));
 * registry.scan(new EmailChecks(provider));   // methods annotated with @Check
 * HealthReport readiness = registry.report(CheckOptions.READINESS);
 * }</pre>
 *
 * <p>Thread-safe. Close it to stop its threads; a closed registry refuses new work.
 */
public final class HealthRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealthRegistry.class);

  private final String service;
  private final String version;
  private final Clock clock;
  private final Redactor redactor;
  private final List<StatusListener> listeners;
  private final List<Consumer<CheckSnapshot>> resultListeners;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Object lock = new Object();
  private final Map<String, CheckRunner> byName = new LinkedHashMap<>(); // guarded by lock
  private volatile List<CheckRunner> runners = List.of();
  private volatile Set<String> groups = groupsOf(List.of());
  private volatile boolean closed;

  private HealthRegistry(Builder b) {
    this.service = b.service;
    this.version = b.version;
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.listeners = List.copyOf(b.listeners);
    this.resultListeners = List.copyOf(b.resultListeners);
    AtomicInteger counter = new AtomicInteger();
    // Thread names carry the service, so a thread dump says whose checks are stuck.
    String prefix = "runbook-health-" + (service == null ? "" : service + "-");
    ThreadFactory workerThreads = DaemonThreads.named(prefix + "check-", counter);
    this.workers = new ThreadPoolExecutor(b.threads, b.threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), workerThreads);
    this.workers.allowCoreThreadTimeOut(true);
    this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named(prefix + "scheduler-", counter));
    this.scheduler.setRemoveOnCancelPolicy(true);
  }

  /** A registry with default settings: system clock, default redactor, 4 threads. */
  public static HealthRegistry create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Registers a check with {@link CheckOptions#defaults()}. */
  public HealthRegistry register(String name, HealthCheck check) {
    return register(name, check, CheckOptions.defaults());
  }

  /**
   * Registers a check.
   *
   * @throws IllegalArgumentException if the name is invalid, reserved or already taken
   * @throws IllegalStateException if the registry is closed
   */
  public HealthRegistry register(String name, HealthCheck check, CheckOptions options) {
    Names.requireValid(name, "check");
    if (Names.RESERVED.contains(name)) {
      throw new IllegalArgumentException(
          "check name \"" + name + "\" is reserved for the payload's own field; choose another");
    }
    Objects.requireNonNull(check, () -> "check \"" + name + "\" must not be null");
    Objects.requireNonNull(options, () -> "options of check \"" + name + "\" must not be null");
    synchronized (lock) {
      requireOpen();
      if (byName.containsKey(name)) {
        throw new IllegalArgumentException(
            "a check named \"" + name + "\" is already registered; unregister it first or choose"
                + " another name");
      }
      Consumer<CheckSnapshot> transitions = CheckRunner.transitions(this::notifyListeners);
      CheckRunner runner = new CheckRunner(name, check, options, clock, redactor, workers,
          snapshot -> {
            resultListeners.forEach(l -> l.accept(snapshot));
            transitions.accept(snapshot);
          });
      byName.put(name, runner);
      runners = List.copyOf(byName.values());
      groups = groupsOf(runners);
      if (options.background()) {
        long every = options.interval().toNanos();
        runner.schedule(
            scheduler.scheduleWithFixedDelay(runner::refresh, 0, every, TimeUnit.NANOSECONDS));
      }
    }
    return this;
  }

  /** Removes a check; returns false if none had that name. */
  public boolean unregister(String name) {
    synchronized (lock) {
      CheckRunner runner = byName.remove(name);
      if (runner == null) {
        return false;
      }
      runner.cancel();
      runners = List.copyOf(byName.values());
      groups = groupsOf(runners);
      return true;
    }
  }

  /**
   * Registers every method of {@code target} annotated with {@link Check}. All declarations are
   * validated before any is registered, so a bad one leaves the registry unchanged.
   *
   * @return the names registered, ordered by name (reflection does not keep declaration order)
   * @throws IllegalArgumentException naming the class, the method and the fix
   */
  public List<String> scan(Object target) {
    List<CheckScanner.Declared> declared = CheckScanner.scan(target);
    Set<String> taken;
    synchronized (lock) {
      taken = new LinkedHashSet<>(byName.keySet());
    }
    for (CheckScanner.Declared d : declared) {
      try {
        Names.requireValid(d.name, "check");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(d.where + ": " + e.getMessage(), e);
      }
      if (taken.contains(d.name) || Names.RESERVED.contains(d.name)) {
        throw new IllegalArgumentException(d.where + ": check name \"" + d.name + "\" is "
            + (taken.contains(d.name) ? "already registered" : "reserved")
            + "; choose another name in @Check(name = ...)");
      }
    }
    List<String> names = new ArrayList<>();
    for (CheckScanner.Declared d : declared) {
      register(d.name, d.check, d.options);
      names.add(d.name);
    }
    return Collections.unmodifiableList(names);
  }

  /** The names of the registered checks, in registration order. */
  public List<String> names() {
    return runners.stream().map(CheckRunner::name).toList();
  }

  /** Every group that has a check, plus the three standard groups. */
  public Set<String> groups() {
    return groups;
  }

  // Kept up to date on register and unregister: requests read it twice each.
  private static Set<String> groupsOf(List<CheckRunner> runners) {
    Set<String> groups = new LinkedHashSet<>(
        List.of(CheckOptions.LIVENESS, CheckOptions.READINESS, CheckOptions.STARTUP));
    for (CheckRunner runner : runners) {
      groups.addAll(runner.options().groups());
    }
    return Collections.unmodifiableSet(groups);
  }

  /**
   * Runs (or reads) every check of a group in parallel and aggregates them.
   *
   * @throws IllegalArgumentException if no check has that group and it is not a standard group
   * @throws IllegalStateException if the registry is closed
   */
  public HealthReport report(String group) {
    requireOpen();
    if (!groups().contains(group)) {
      throw new IllegalArgumentException("no health group named \"" + group + "\"; known groups: "
          + String.join(", ", groups()));
    }
    return report(group, Set.of(group));
  }

  /**
   * Runs (or reads, within its time to live) the one check {@code name}, as a report would: for an
   * adapter that shows each check on its own, such as an Actuator health contributor.
   *
   * @throws IllegalArgumentException if no check has that name, naming the registered ones
   * @throws IllegalStateException if the registry is closed
   */
  public CheckSnapshot check(String name) {
    requireOpen();
    CheckRunner runner;
    synchronized (lock) {
      runner = byName.get(name);
    }
    if (runner == null) {
      throw new IllegalArgumentException("no check named \"" + name + "\"; registered: "
          + String.join(", ", names()));
    }
    return runner.request().await();
  }

  /**
   * Runs (or reads) every check that belongs to any of {@code groups}, each once, and aggregates
   * them as one report named {@code name}; MicroProfile's {@code /health} is liveness, readiness
   * and startup together. Groups that no check has contribute nothing.
   *
   * @throws IllegalStateException if the registry is closed
   */
  public HealthReport report(String name, Collection<String> groups) {
    requireOpen();
    Objects.requireNonNull(name, "name must not be null");
    Set<String> wanted = Set.copyOf(groups);
    List<CheckRunner.Pending> pending = new ArrayList<>();
    for (CheckRunner runner : runners) {
      Set<String> of = runner.options().groups();
      if (wanted.size() == 1 ? of.containsAll(wanted) : !Collections.disjoint(of, wanted)) {
        pending.add(runner.request());
      }
    }
    List<CheckSnapshot> snapshots = new ArrayList<>(pending.size());
    for (CheckRunner.Pending p : pending) {
      snapshots.add(p.await());
    }
    // The report is as fresh as its newest result, so the same results make the same report.
    Instant newest = null;
    for (CheckSnapshot snapshot : snapshots) {
      if (newest == null || snapshot.checkedAt().isAfter(newest)) {
        newest = snapshot.checkedAt();
      }
    }
    return new HealthReport(name, service, version, newest == null ? clock.instant() : newest,
        snapshots);
  }

  public String service() {
    return service;
  }

  public String version() {
    return version;
  }

  public Clock clock() {
    return clock;
  }

  public Redactor redactor() {
    return redactor;
  }

  /** Stops background runs and the registry's threads. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      byName.values().forEach(CheckRunner::cancel);
    }
    scheduler.shutdownNow();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        log.atWarn().setMessage("health_registry_close_incomplete")
            .addKeyValue("reason", "a check ignored interruption and is still running").log();
      }
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the health registry is closed");
    }
  }

  /** How many status changes {@link #recentChanges()} keeps. */
  public static final int RECENT_CHANGES = 50;

  private final java.util.Deque<StatusChange> recent = new java.util.ArrayDeque<>(); // guarded

  /** The last {@value #RECENT_CHANGES} status changes, newest first: what the status page shows. */
  public List<StatusChange> recentChanges() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  private void notifyListeners(CheckRunner.TransitionEvent event) {
    StatusChange change = new StatusChange(event.snapshot.checkedAt(), event.snapshot.name(),
        event.previous, event.snapshot.status(), event.snapshot.error().orElse(null));
    synchronized (recent) {
      recent.addFirst(change);
      while (recent.size() > RECENT_CHANGES) {
        recent.removeLast();
      }
    }
    for (StatusListener listener : listeners) {
      try {
        listener.onStatusChange(change);
      } catch (RuntimeException e) {
        log.atWarn().setMessage("health_listener_failed")
            .addKeyValue("listener", listener.getClass().getName())
            .addKeyValue("error", redactor.redact(e)).log();
      }
    }
  }

  /** Builds a {@link HealthRegistry}; each value is checked when it is set. */
  public static final class Builder {
    private String service;
    private String version;
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();
    private int threads = 4;
    private final List<StatusListener> listeners = new ArrayList<>();
    private final List<Consumer<CheckSnapshot>> resultListeners = new ArrayList<>();

    private Builder() {}

    /** The service name shown to authorised callers. */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** The service version shown to authorised callers. */
    public Builder version(String version) {
      this.version = version;
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

    /**
     * Threads that run checks, 1 to 64; default 4. A hung check holds one until it returns, so
     * give at least as many threads as checks that may hang at once.
     */
    public Builder threads(int threads) {
      this.threads = Arguments.inRange(threads, 1, 64, "threads");
      return this;
    }

    public Builder listener(StatusListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
      return this;
    }

    /**
     * Told of every new result: each completed run, and each report of a run that missed its
     * timeout. For metrics ({@code HealthMetrics}); it must be fast and must not throw.
     */
    public Builder resultListener(Consumer<CheckSnapshot> listener) {
      resultListeners.add(Objects.requireNonNull(listener, "resultListener must not be null"));
      return this;
    }

    public HealthRegistry build() {
      return new HealthRegistry(this);
    }
  }
}
