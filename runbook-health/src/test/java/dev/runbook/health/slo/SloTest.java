package dev.runbook.health.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.health.slo.SloEvaluator.Level;
import dev.runbook.health.slo.SloEvaluator.Status;
import dev.runbook.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SLO math with an injected clock, against hand-computed values. */
class SloTest {

  final MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
  final RequestWindows requests = new RequestWindows(clock);
  final Slo availability = Slo.availability("availability", 99.5, 99.0, 98.0);

  void record(int ok, int failed, Duration latency) {
    for (int i = 0; i < ok; i++) {
      requests.record(latency, false);
    }
    for (int i = 0; i < failed; i++) {
      requests.record(latency, true);
    }
  }

  @Test
  void bucketsRollOverSoAWindowHoldsOnlyItsOwnMinutes() {
    record(10, 0, Duration.ofMillis(5));
    clock.advance(Duration.ofMinutes(2));
    record(3, 1, Duration.ofMillis(5));
    assertThat(requests.window(Duration.ofMinutes(1)).requests()).isEqualTo(4);
    assertThat(requests.window(Duration.ofMinutes(5)).requests()).isEqualTo(14);
    clock.advance(Duration.ofHours(7)); // past the minute ring: those slots are stale now
    record(1, 0, Duration.ofMillis(5));
    assertThat(requests.window(Duration.ofHours(6)).requests()).isEqualTo(1);
    assertThat(requests.window(Duration.ofHours(8)).requests()).as("the hour ring still has them")
        .isEqualTo(15);
    clock.advance(Duration.ofDays(32));
    assertThat(requests.window(Duration.ofDays(31)).empty()).isTrue();
  }

  @Test
  void noTrafficIsNoDataNotZeroAvailability() {
    Status s = SloEvaluator.evaluate(availability, requests);
    assertThat(s.level()).isEqualTo(Level.NO_DATA);
    assertThat(s.value()).isNull();
    assertThat(s.budgetRemaining()).isNull();
    assertThat(s.burnRates()).containsEntry("5m", null).containsEntry("3d", null);
    assertThat(s.firing()).isEmpty();
  }

  @Test
  void burnRatesMatchHandComputedValuesAndBothWindowsMustBurnToPage() {
    // 55 minutes of clean traffic, then 5 minutes at 10 % errors
    for (int minute = 0; minute < 55; minute++) {
      record(100, 0, Duration.ofMillis(20));
      clock.advance(Duration.ofMinutes(1));
    }
    for (int minute = 0; minute < 5; minute++) {
      record(180, 20, Duration.ofMillis(20));
      clock.advance(Duration.ofMinutes(1));
    }
    clock.advance(Duration.ofSeconds(-1)); // still inside the last minute
    Status s = SloEvaluator.evaluate(availability, requests);
    // 5m: 100 errors / 1000 = 10 %, budget 0.5 % -> 20x; 1h: 100 / 6500 = 1.538 % -> 3.077x
    assertThat(s.burnRates().get("5m")).isCloseTo(20.0, within(1e-9));
    assertThat(s.burnRates().get("1h")).isCloseTo(100.0 / 6500 / 0.005, within(1e-9));
    // no page: the hour burns at 3.1x, not 14.4x; but 3d and 6h both burn over 1x: a ticket
    assertThat(s.firing()).containsExactly("ticket 3d/6h > 1.0");
    assertThat(s.value()).isCloseTo(100 - 100.0 / 6500 * 100, within(1e-9));
    assertThat(s.level()).as("98.46 %: below 99.0, above 98.0").isEqualTo(Level.WARNING);
  }

  @Test
  void aSustainedOutagePagesAndSpendsTheBudget() {
    for (int minute = 0; minute < 60; minute++) {
      record(80, 20, Duration.ofMillis(20)); // 20 % errors for an hour
      clock.advance(Duration.ofMinutes(1));
    }
    clock.advance(Duration.ofSeconds(-1));
    Status s = SloEvaluator.evaluate(availability, requests);
    assertThat(s.burnRates().get("1h")).isCloseTo(40.0, within(1e-9)); // 0.20 / 0.005
    assertThat(s.firing()).contains("page 1h/5m > 14.4", "page 6h/30m > 6.0",
        "ticket 3d/6h > 1.0");
    assertThat(s.level()).isEqualTo(Level.CRITICAL);
    // all the period's traffic is this hour: 20 % bad against 0.5 % allowed = 40 budgets spent
    assertThat(s.budgetRemaining()).isCloseTo(1 - 40.0, within(1e-9));
  }

  @Test
  void latencyIsAQuantileAgainstItsLimitsAndSlowRequestsBurnTheBudget() {
    Slo p95 = Slo.latency("p95", 0.95, 500, 800, 1500);
    record(90, 0, Duration.ofMillis(100));
    record(10, 0, Duration.ofMillis(1000)); // 10 % slower than 500 ms, 5 % allowed
    Status s = SloEvaluator.evaluate(p95, requests);
    assertThat(s.value()).as("the p95 bucket's bound holds 1000 ms").isBetween(1000.0, 1300.0);
    assertThat(s.level()).isEqualTo(Level.WARNING);
    assertThat(s.burnRates().get("5m")).isCloseTo(0.10 / 0.05, within(1e-9));
  }

  @Test
  void errorRateIsJudgedAboveItsLevels() {
    Slo errors = Slo.errorRate("errors", 1, 2, 5);
    record(97, 3, Duration.ofMillis(10));
    Status s = SloEvaluator.evaluate(errors, requests);
    assertThat(s.value()).isCloseTo(3.0, within(1e-9));
    assertThat(s.level()).isEqualTo(Level.WARNING);
    assertThat(s.budgetRemaining()).isCloseTo(1 - 3.0, within(1e-9));
  }

  @Test
  void memoryStaysTheSameAfterMillionsOfRequests() {
    long before = requests.footprintBytes();
    for (int i = 0; i < 3_000_000; i++) {
      requests.record(Duration.ofNanos(i * 997L % 3_000_000_000L), i % 50 == 0);
      if (i % 1000 == 0) {
        clock.advance(Duration.ofSeconds(7));
      }
    }
    assertThat(requests.footprintBytes()).isEqualTo(before).isLessThan(512 * 1024);
    assertThat(requests.window(Duration.ofDays(31)).requests()).isPositive();
  }

  @Test
  void levelsInTheWrongOrderAreRefusedSayingTheOrder() {
    assertThatThrownBy(() -> Slo.availability("a", 98, 99, 99.5))
        .hasMessageContaining("must fall in that order (e.g. 99.5, 99.0, 98.0)");
    assertThatThrownBy(() -> Slo.latency("p95", 95, 500, 800, 1500))
        .hasMessageContaining("quantile 95.0 is not in 0..1");
  }
}
