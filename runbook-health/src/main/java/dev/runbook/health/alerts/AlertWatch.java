package dev.runbook.health.alerts;

import dev.runbook.core.Status;
import dev.runbook.health.CheckSnapshot;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobState;
import dev.runbook.health.slo.SloEvaluator;
import dev.runbook.health.slo.SloSection;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.health.sources.SourceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an {@link AlertBook} where every watched condition stands, so alerts are raised and
 * resolved whether or not anybody polls {@code /health}:
 *
 * <ul>
 *   <li>{@code check/<name>}: a check {@code down} is critical when the check is critical, else a
 *       warning; {@code degraded} is a warning. Backup freshness is the {@code backup} check.
 *   <li>{@code job/<name>}: failing (consecutive failures at the threshold) is critical for a
 *       critical job, else a warning; overdue or stuck is a warning. Told after every run.
 *   <li>{@code circuit/<source>}: open is critical for a critical source, else a warning;
 *       half-open is a warning. Told after every call.
 *   <li>{@code slo/<group>/<name>}: the SLO's level, or critical when a page burn-rate rule
 *       fires and warning when a ticket rule does.
 * </ul>
 *
 * <p>{@link #start()} judges everything every {@link Builder#interval interval} (default 30 s) on
 * a daemon thread of its own, which is also what re-notifies long-lasting alerts; {@link #tick()}
 * does one round now. Checks that only summarise what is watched in detail (the {@code
 * scheduler} section when the jobs are watched) should be left out with {@link
 * Builder#checks(HealthRegistry, String...)}, or each outage is told twice.
 */
public final class AlertWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertWatch.class);

  private final AlertBook book;
  private final HealthRegistry registry;
  private final Set<String> skippedChecks;
  private final JobMonitor jobs;
  private final IngestionSources sources;
  private final SloSection slos;
  private final Duration interval;
  private ScheduledExecutorService timer; // guarded by this

  private AlertWatch(Builder b) {
    this.book = b.book;
    this.registry = b.registry;
    this.skippedChecks = Set.copyOf(b.skippedChecks);
    this.jobs = b.jobs;
    this.sources = b.sources;
    this.slos = b.slos;
    this.interval = b.interval;
    if (jobs != null) {
      jobs.addListener(e -> jobs.state(e.job()).ifPresent(this::observe));
    }
    if (sources != null) {
      sources.addListener(e -> observe(sources.source(e.source()).snapshot()));
    }
  }

  public static Builder builder(AlertBook book) {
    return new Builder(book);
  }

  /**
   * Judges everything every interval, the first time one interval from now (jobs and circuits
   * are told at once anyway), until {@link #close()}.
   */
  public synchronized AlertWatch start() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runbook-alert-watch");
        t.setDaemon(true);
        return t;
      });
      long ms = interval.toMillis();
      timer.scheduleWithFixedDelay(this::tickLogged, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void tickLogged() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.atWarn().setMessage("alert_watch_failed").addKeyValue("error", e.toString()).log();
    }
  }

  /** One round: every watched check, job, circuit and SLO told to the book now. */
  public void tick() {
    if (registry != null) {
      List<String> groups = new ArrayList<>(registry.groups());
      try {
        for (CheckSnapshot check : registry.report("alert-watch", groups).checks()) {
          if (!skippedChecks.contains(check.name())) {
            observe(check);
          }
        }
      } catch (IllegalStateException closed) {
        return; // the registry closed: the service is stopping
      }
    }
    if (jobs != null) {
      jobs.states().forEach(this::observe);
    }
    if (sources != null) {
      sources.sources().forEach(s -> observe(s.snapshot()));
    }
    if (slos != null) {
      slos.statuses().forEach(this::observe);
    }
  }

  private void observe(CheckSnapshot check) {
    Alert.Severity severity = switch (check.status()) {
      case OK -> null;
      case DEGRADED -> Alert.Severity.WARNING;
      case DOWN -> check.critical() ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
    };
    String reason = check.status() == Status.OK ? "ok"
        : check.status().wireName() + check.error().map(e -> ": " + e).orElse("");
    book.observe("check", check.name(), severity, reason);
  }

  private void observe(JobState job) {
    Alert.Severity severity = null;
    String reason = "ok";
    if (job.failing()) {
      severity = job.critical() ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
      reason = "failed " + job.consecutiveFailures() + " times in a row (threshold "
          + job.failureThreshold() + ")" + (job.lastError() == null ? "" : ": " + job.lastError());
    } else if (job.stuck()) {
      severity = Alert.Severity.WARNING;
      reason = "stuck: running since " + job.lastRunAt();
    } else if (job.overdue()) {
      severity = Alert.Severity.WARNING;
      reason = "overdue: last run started " + (job.lastRunAt() == null ? "never"
          : "at " + job.lastRunAt());
    }
    book.observe("job", job.name(), severity, reason);
  }

  private void observe(SourceState source) {
    Alert.Severity severity = null;
    String reason = "ok";
    if (source.state().refusesCalls()) {
      severity = source.critical() ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
      reason = "circuit " + source.state().wireName() + ", calls refused for "
          + seconds(source.cooldownRemaining()) + " s more"
          + (source.lastError() == null ? "" : ": " + source.lastError());
    } else if (source.state().level() == 1) {
      severity = Alert.Severity.WARNING;
      reason = "circuit half-open, trying calls again"
          + (source.lastError() == null ? "" : "; last error: " + source.lastError());
    }
    book.observe("circuit", source.name(), severity, reason);
  }

  private static long seconds(Duration d) {
    return d == null ? 0 : (d.toMillis() + 999) / 1000;
  }

  private void observe(String key, SloEvaluator.Status slo) {
    Alert.Severity severity = switch (slo.level()) {
      case CRITICAL -> Alert.Severity.CRITICAL;
      case WARNING -> Alert.Severity.WARNING;
      default -> null;
    };
    List<String> reasons = new ArrayList<>();
    if (severity != null) {
      reasons.add(slo.slo().kind().name().toLowerCase(java.util.Locale.ROOT) + " "
          + String.format(java.util.Locale.ROOT, "%.2f", slo.value()) + " over "
          + slo.slo().window().toMinutes() + " min is " + slo.level().name().toLowerCase(
              java.util.Locale.ROOT));
    }
    for (String rule : slo.firing()) {
      Alert.Severity s = rule.startsWith("page") ? Alert.Severity.CRITICAL
          : Alert.Severity.WARNING;
      severity = severity == null || s.compareTo(severity) > 0 ? s : severity;
      reasons.add("burn rate " + rule);
    }
    book.observe("slo", key, severity, reasons.isEmpty() ? "ok" : String.join("; ", reasons));
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /** Configures an {@link AlertWatch}. */
  public static final class Builder {
    private final AlertBook book;
    private HealthRegistry registry;
    private final List<String> skippedChecks = new ArrayList<>();
    private JobMonitor jobs;
    private IngestionSources sources;
    private SloSection slos;
    private Duration interval = Duration.ofSeconds(30);

    private Builder(AlertBook book) {
      this.book = Objects.requireNonNull(book, "book");
    }

    /** Watches every check of {@code registry} except those named in {@code except}. */
    public Builder checks(HealthRegistry registry, String... except) {
      this.registry = Objects.requireNonNull(registry, "registry");
      skippedChecks.addAll(List.of(except));
      return this;
    }

    public Builder jobs(JobMonitor monitor) {
      this.jobs = Objects.requireNonNull(monitor, "monitor");
      return this;
    }

    public Builder sources(IngestionSources sources) {
      this.sources = Objects.requireNonNull(sources, "sources");
      return this;
    }

    public Builder slos(SloSection section) {
      this.slos = Objects.requireNonNull(section, "section");
      return this;
    }

    /** How often everything is judged; default 30 s, at least 100 ms. */
    public Builder interval(Duration interval) {
      if (interval.toMillis() < 100) {
        throw new IllegalArgumentException("alert watch interval must be at least 100 ms, got "
            + interval);
      }
      this.interval = interval;
      return this;
    }

    public AlertWatch build() {
      return new AlertWatch(this);
    }
  }
}
