package dev.runbook.health.checks;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Heap in use against the maximum heap: {@code degraded} at 90 %, {@code down} at 98 % by
 * default. Heap use swings with garbage collection, so register it non-critical or give it a ttl
 * long enough to smooth the swings. Reports {@code used_bytes}, {@code committed_bytes}, {@code
 * max_bytes} and {@code used_ratio}; with no maximum set, committed stands in for it.
 */
public final class JvmMemoryCheck implements HealthCheck {

  public static final Thresholds DEFAULT_THRESHOLDS = Thresholds.above(0.90, 0.98);

  private final Thresholds thresholds;
  private final Supplier<MemoryUsage> heap;

  JvmMemoryCheck(Thresholds thresholds, Supplier<MemoryUsage> heap) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds must not be null");
    this.heap = heap;
  }

  public static JvmMemoryCheck heap() {
    return heap(DEFAULT_THRESHOLDS);
  }

  public static JvmMemoryCheck heap(Thresholds thresholds) {
    return new JvmMemoryCheck(thresholds,
        () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage());
  }

  @Override
  public CheckResult check() {
    MemoryUsage usage = heap.get();
    long max = usage.getMax() > 0 ? usage.getMax() : usage.getCommitted();
    double ratio = max > 0 ? (double) usage.getUsed() / max : 0;
    Status status = thresholds.statusOf(ratio);
    String error = status == Status.OK ? null : String.format(java.util.Locale.ROOT,
        "heap is %.1f%% used of %d MiB", ratio * 100, max >> 20);
    return CheckResult.of(status, error)
        .withDetail("used_bytes", usage.getUsed())
        .withDetail("committed_bytes", usage.getCommitted())
        .withDetail("max_bytes", max)
        .withDetail("used_ratio", Math.round(ratio * 10_000) / 10_000.0)
        .withDetail("measurement", "utilization")
        .withDetail("observed_value", Math.round(ratio * 10_000) / 10_000.0)
        .withDetail("observed_unit", "ratio")
        .withDetail("component_type", "system");
  }
}
