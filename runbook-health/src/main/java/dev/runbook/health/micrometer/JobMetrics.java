package dev.runbook.health.micrometer;

import dev.runbook.health.jobs.JobListener;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobRunEvent;
import dev.runbook.health.jobs.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes a {@link JobMonitor} to Micrometer: the counter {@code runbook.job.runs} (tags {@code
 * job}, {@code outcome}: success, failure, skipped), the timer {@code runbook.job.duration} (tags
 * {@code job}, {@code outcome}) and the gauge {@code runbook.job.consecutive.failures} (tag {@code
 * job}), which reads the monitor, so an operator's reset shows at once.
 *
 * <p>A job's meters appear when it is bound (for jobs the monitor already knows) or when its
 * first run after that ends.
 *
 * <pre>{@code
 * JobMetrics.of(jobs).bindTo(meterRegistry);
 * }</pre>
 */
public final class JobMetrics implements MeterBinder {

  public static final String RUNS_COUNTER = "runbook.job.runs";
  public static final String DURATION_TIMER = "runbook.job.duration";
  public static final String FAILURES_GAUGE = "runbook.job.consecutive.failures";

  private final JobMonitor monitor;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  private JobMetrics(JobMonitor monitor) {
    this.monitor = monitor;
  }

  /** Metrics for {@code monitor}; they listen to its runs from now on. */
  public static JobMetrics of(JobMonitor monitor) {
    JobMetrics metrics = new JobMetrics(Objects.requireNonNull(monitor, "monitor must not be null"));
    JobListener listener = metrics::record;
    monitor.addListener(listener);
    return metrics;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    for (JobState state : monitor.states()) {
      gauge(registry, state.name());
    }
  }

  private void record(JobRunEvent event) {
    for (MeterRegistry registry : registries) {
      gauge(registry, event.job());
      Counter.builder(RUNS_COUNTER).tag("job", event.job())
          .tag("outcome", event.outcome().wireName())
          .description("Runs of a job by outcome: success, failure or skipped")
          .register(registry).increment();
      Timer.builder(DURATION_TIMER).tag("job", event.job())
          .tag("outcome", event.outcome().wireName())
          .description("How long each run of a job took")
          .register(registry).record(event.duration());
    }
  }

  private void gauge(MeterRegistry registry, String job) {
    Gauge.builder(FAILURES_GAUGE, monitor,
            m -> m.state(job).map(JobState::consecutiveFailures).orElse(0))
        .tag("job", job)
        .description("Consecutive failed runs of a job; a success resets it")
        .register(registry);
  }
}
