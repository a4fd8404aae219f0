package dev.runbook.health.micrometer;

import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.health.sources.SourceCallEvent;
import dev.runbook.health.sources.SourceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes {@link IngestionSources} to Micrometer: the counter {@code runbook.source.calls}
 * (tags {@code source}, {@code outcome}: success, failure, ignored, rejected; {@code reason}: a
 * failure reason or {@code none}) and the gauge {@code runbook.source.state} (tag {@code
 * source}; 0 closed, 1 half-open, 2 open).
 *
 * <pre>{@code
 * SourceMetrics.of(sources).bindTo(meterRegistry);
 * }</pre>
 */
public final class SourceMetrics implements MeterBinder {

  public static final String CALLS_COUNTER = "runbook.source.calls";
  public static final String STATE_GAUGE = "runbook.source.state";

  private final IngestionSources sources;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  private SourceMetrics(IngestionSources sources) {
    this.sources = sources;
  }

  /** Metrics for {@code sources}; they listen to its calls from now on. */
  public static SourceMetrics of(IngestionSources sources) {
    SourceMetrics metrics =
        new SourceMetrics(Objects.requireNonNull(sources, "sources must not be null"));
    SourceListener listener = metrics::record;
    sources.addListener(listener);
    return metrics;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    for (IngestionSource source : sources.sources()) {
      gauge(registry, source);
    }
  }

  private void record(SourceCallEvent event) {
    for (MeterRegistry registry : registries) {
      gauge(registry, sources.source(event.source()));
      Counter.builder(CALLS_COUNTER).tag("source", event.source())
          .tag("outcome", event.outcome().wireName())
          .tag("reason", event.reason() == null ? "none" : event.reason().wireName())
          .description("Calls to an external source by outcome and failure reason")
          .register(registry).increment();
    }
  }

  private static void gauge(MeterRegistry registry, IngestionSource source) {
    Gauge.builder(STATE_GAUGE, source, s -> s.state().level()).tag("source", source.name())
        .description("Circuit state of a source: 0 closed, 1 half-open, 2 open")
        .strongReference(true).register(registry);
  }
}
