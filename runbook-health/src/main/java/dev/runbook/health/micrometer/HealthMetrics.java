package dev.runbook.health.micrometer;

import dev.runbook.core.Status;
import dev.runbook.health.CheckSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Publishes health checks to Micrometer: the gauge {@code runbook.health.status} per check (tag
 * {@code check}; 0 ok, 1 degraded, 2 down) and the timer {@code runbook.health.check.duration} of
 * each completed run. Cached reads are not timed; a run that missed its timeout sets the gauge to
 * down and is timed when it finishes.
 *
 * <pre>{@code
 * HealthMetrics metrics = new HealthMetrics();
 * HealthRegistry registry = HealthRegistry.builder().resultListener(metrics).build();
 * metrics.bindTo(meterRegistry);
 * }</pre>
 */
public final class HealthMetrics implements MeterBinder, Consumer<CheckSnapshot> {

  public static final String STATUS_GAUGE = "runbook.health.status";
  public static final String DURATION_TIMER = "runbook.health.check.duration";

  private final ConcurrentMap<String, AtomicInteger> levels = new ConcurrentHashMap<>();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** A binder with no meters yet; each check gets its gauge and timer on its first result. */
  public HealthMetrics() {}

  /** The gauge value of a status: 0 ok, 1 degraded, 2 down. */
  public static int level(Status status) {
    return status.ordinal();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    levels.forEach((check, level) -> gauge(registry, check, level));
  }

  @Override
  public void accept(CheckSnapshot snapshot) {
    AtomicInteger level = levels.computeIfAbsent(snapshot.name(), check -> {
      AtomicInteger created = new AtomicInteger();
      registries.forEach(r -> gauge(r, check, created));
      return created;
    });
    level.set(level(snapshot.status()));
    if (!snapshot.timedOut()) {
      for (MeterRegistry registry : registries) {
        Timer.builder(DURATION_TIMER).tag("check", snapshot.name())
            .description("How long each run of a health check took")
            .register(registry).record(snapshot.duration());
      }
    }
  }

  private static void gauge(MeterRegistry registry, String check, AtomicInteger level) {
    Gauge.builder(STATUS_GAUGE, level, AtomicInteger::get).tag("check", check)
        .description("Health check status: 0 ok, 1 degraded, 2 down")
        .strongReference(true).register(registry);
  }
}
