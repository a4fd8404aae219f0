package dev.runbook.health.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MicrometerTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void shouldPublishEachCheckStatusAsAGaugeAndTimeRuns() {
    HealthMetrics metrics = new HealthMetrics();
    AtomicReference<CheckResult> next = new AtomicReference<>(CheckResult.ok());
    try (HealthRegistry registry = HealthRegistry.builder().resultListener(metrics).build()) {
      registry.register("db", next::get, CheckOptions.builder().ttl(Duration.ZERO).build());
      registry.report("readiness"); // before binding: the gauge appears at bind time
      metrics.bindTo(meters);
      assertThat(gauge("db")).isEqualTo(0.0);

      next.set(CheckResult.degraded("slow"));
      registry.report("readiness");
      assertThat(gauge("db")).isEqualTo(1.0);
      next.set(CheckResult.down("gone"));
      registry.report("readiness");
      assertThat(gauge("db")).isEqualTo(2.0);

      registry.register("cache", CheckResult::ok);
      registry.report("readiness");
      assertThat(gauge("cache")).isEqualTo(0.0);
    }
    Timer timer = meters.get(HealthMetrics.DURATION_TIMER).tag("check", "db").timer();
    // Three runs after binding (degraded, down, and the report that added cache); the run before
    // binding had no meter registry to go to.
    assertThat(timer.count()).isEqualTo(3);
  }

  private double gauge(String check) {
    return meters.get(HealthMetrics.STATUS_GAUGE).tag("check", check).gauge().value();
  }

  @Test
  void shouldJudgeATimerPercentile() {
    Timer timer = Timer.builder("http.server.requests").publishPercentiles(0.95).register(meters);
    MeterThresholdCheck check = MeterThresholdCheck.timerPercentile(meters,
        "http.server.requests", 0.95, Thresholds.above(100, 500));
    for (int i = 0; i < 100; i++) {
      timer.record(Duration.ofMillis(10));
    }
    CheckResult fast = check.check();
    for (int i = 0; i < 1000; i++) {
      timer.record(Duration.ofSeconds(1));
    }
    CheckResult slow = check.check();

    assertThat(fast.status()).isEqualTo(Status.OK);
    assertThat(fast.details()).containsEntry("measurement", "p95").containsEntry("observed_unit",
        "ms");
    assertThat(slow.status()).isEqualTo(Status.DOWN);
    assertThat(slow.error().orElseThrow()).startsWith("http.server.requests p95 is");
  }

  @Test
  void shouldExplainAMissingTimerOrPercentile() {
    Timer.builder("plain").register(meters);

    assertThat(MeterThresholdCheck.timerPercentile(meters, "nosuch", 0.95,
        Thresholds.above(1, 2)).check().error()).contains("no timer named nosuch in the meter"
        + " registry");
    assertThat(MeterThresholdCheck.timerPercentile(meters, "plain", 0.95,
        Thresholds.above(1, 2)).check().error().orElseThrow())
        .contains("publishPercentiles(0.95)");
  }

  @Test
  void shouldJudgeTheErrorRatioOfRecentTrafficOnly() {
    Counter errors = meters.counter("http.errors");
    Counter total = meters.counter("http.requests");
    MeterThresholdCheck check = MeterThresholdCheck.errorRatio(meters, "http.errors",
        "http.requests", Thresholds.above(0.05, 0.20));

    total.increment(100);
    errors.increment(30);
    CheckResult bad = check.check();
    total.increment(100);
    errors.increment(1);
    CheckResult recovered = check.check();
    CheckResult idle = check.check();

    assertThat(bad.status()).isEqualTo(Status.DOWN);
    assertThat(bad.details()).containsEntry("observed_value", 0.3);
    assertThat(recovered.status()).isEqualTo(Status.OK);
    assertThat(recovered.details()).containsEntry("observed_value", 0.01);
    assertThat(idle.details()).containsEntry("note", "no traffic since the last check");
  }
}
