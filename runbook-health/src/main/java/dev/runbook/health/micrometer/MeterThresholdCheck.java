package dev.runbook.health.micrometer;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A health check over a Micrometer meter, for the runbook's response-time and error-rate alerts.
 *
 * <ul>
 *   <li>{@link #timerPercentile}: a timer's client-side percentile in milliseconds against
 *       thresholds. The timer must publish that percentile ({@code
 *       Timer.builder(...).publishPercentiles(0.95)}).
 *   <li>{@link #errorRatio}: errors divided by total between this run and the previous one, so
 *       it reflects recent traffic rather than the whole life of the process; with no traffic in
 *       between it is {@code ok} and says so.
 * </ul>
 *
 * <pre>{@code
 * registry.register("latency", MeterThresholdCheck.timerPercentile(meters, "http.server.requests",
 *     0.95, Thresholds.above(500, 2000)));
 * registry.register("errors", MeterThresholdCheck.errorRatio(meters, "http.errors", "http.requests",
 *     Thresholds.above(0.05, 0.20)));
 * }</pre>
 */
public final class MeterThresholdCheck implements HealthCheck {

  private final Reading reading;

  @FunctionalInterface
  private interface Reading {
    CheckResult read();
  }

  private MeterThresholdCheck(Reading reading) {
    this.reading = reading;
  }

  /** A timer's percentile, in milliseconds, against thresholds in milliseconds. */
  public static MeterThresholdCheck timerPercentile(MeterRegistry meters, String timer,
      double percentile, Thresholds millis, String... tags) {
    Objects.requireNonNull(meters, "meters must not be null");
    Objects.requireNonNull(millis, "thresholds must not be null");
    if (!(percentile > 0 && percentile < 1)) {
      throw new IllegalArgumentException(
          "percentile " + percentile + " must be between 0 and 1 exclusive, e.g. 0.95");
    }
    return new MeterThresholdCheck(() -> {
      Timer found = meters.find(timer).tags(tags).timer();
      if (found == null) {
        return CheckResult.down("no timer named " + timer + " in the meter registry");
      }
      for (ValueAtPercentile value : found.takeSnapshot().percentileValues()) {
        if (Math.abs(value.percentile() - percentile) < 1e-9) {
          double ms = value.value(TimeUnit.MILLISECONDS);
          Status status = millis.statusOf(ms);
          String label = "p" + Math.round(percentile * 100);
          return CheckResult.of(status, status == Status.OK ? null
                  : String.format(Locale.ROOT, "%s %s is %.1f ms", timer, label, ms))
              .withDetail("timer", timer)
              .withDetail("percentile", percentile)
              .withDetail("measurement", label)
              .withDetail("observed_value", Math.round(ms * 10) / 10.0)
              .withDetail("observed_unit", "ms");
        }
      }
      return CheckResult.down("timer " + timer + " publishes no " + percentile
          + " percentile; build it with publishPercentiles(" + percentile + ")");
    });
  }

  /** Errors over total between successive runs, against ratio thresholds. */
  public static MeterThresholdCheck errorRatio(MeterRegistry meters, String errors, String total,
      Thresholds ratio) {
    Objects.requireNonNull(meters, "meters must not be null");
    Objects.requireNonNull(ratio, "thresholds must not be null");
    double[] previous = {0, 0};
    return new MeterThresholdCheck(() -> {
      Counter errorCounter = meters.find(errors).counter();
      Counter totalCounter = meters.find(total).counter();
      if (errorCounter == null || totalCounter == null) {
        return CheckResult.down("no counter named "
            + (errorCounter == null ? errors : total) + " in the meter registry");
      }
      double e;
      double t;
      synchronized (previous) {
        e = errorCounter.count() - previous[0];
        t = totalCounter.count() - previous[1];
        previous[0] = errorCounter.count();
        previous[1] = totalCounter.count();
      }
      CheckResult base = CheckResult.ok().withDetail("errors", e).withDetail("total", t);
      if (t <= 0) {
        return base.withDetail("note", "no traffic since the last check");
      }
      double r = e / t;
      Status status = ratio.statusOf(r);
      return base.withStatus(status)
          .withError(status == Status.OK ? null
              : String.format(Locale.ROOT, "error ratio %.3f over the last %.0f calls", r, t))
          .withDetail("measurement", "errorRatio")
          .withDetail("observed_value", Math.round(r * 10_000) / 10_000.0)
          .withDetail("observed_unit", "ratio");
    });
  }

  @Override
  public CheckResult check() {
    return reading.read();
  }
}
