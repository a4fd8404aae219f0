package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  @Test
  void shouldReportAboveLevelsWithInclusiveBoundaries() {
    Thresholds pool = Thresholds.above(0.80, 0.95);

    assertThat(pool.statusOf(0.0)).isEqualTo(Status.OK);
    assertThat(pool.statusOf(Math.nextDown(0.80))).isEqualTo(Status.OK);
    assertThat(pool.statusOf(0.80)).isEqualTo(Status.DEGRADED);
    assertThat(pool.statusOf(Math.nextDown(0.95))).isEqualTo(Status.DEGRADED);
    assertThat(pool.statusOf(0.95)).isEqualTo(Status.DOWN);
    assertThat(pool.statusOf(Double.POSITIVE_INFINITY)).isEqualTo(Status.DOWN);
  }

  @Test
  void shouldReportBelowLevelsWithInclusiveBoundaries() {
    Thresholds cert = Thresholds.below(Duration.ofDays(14), Duration.ofDays(7));

    assertThat(cert.statusOf(Duration.ofDays(30))).isEqualTo(Status.OK);
    assertThat(cert.statusOf(Duration.ofDays(14).plusNanos(1))).isEqualTo(Status.OK);
    assertThat(cert.statusOf(Duration.ofDays(14))).isEqualTo(Status.DEGRADED);
    assertThat(cert.statusOf(Duration.ofDays(7).plusNanos(1))).isEqualTo(Status.DEGRADED);
    assertThat(cert.statusOf(Duration.ofDays(7))).isEqualTo(Status.DOWN);
    assertThat(cert.statusOf(Duration.ofDays(-1))).isEqualTo(Status.DOWN);
  }

  @Test
  void shouldAllowEqualLevelsWhichSkipDegraded() {
    Thresholds sharp = Thresholds.above(1, 1);

    assertThat(sharp.statusOf(0.99)).isEqualTo(Status.OK);
    assertThat(sharp.statusOf(1)).isEqualTo(Status.DOWN);
  }

  @Test
  void shouldRejectNaNLevelsAndValues() {
    assertThatThrownBy(() -> Thresholds.above(Double.NaN, 1)).hasMessageContaining("warn level");
    assertThatThrownBy(() -> Thresholds.below(1, Double.NaN))
        .hasMessageContaining("critical level");
    assertThatThrownBy(() -> Thresholds.above(0.8, 0.9).statusOf(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void shouldRejectLevelsInTheWrongOrderNamingThem() {
    assertThatThrownBy(() -> Thresholds.above(0.95, 0.80))
        .hasMessageStartingWith("above(warn=0.95, critical=0.8)");
    assertThatThrownBy(() -> Thresholds.below(7, 14))
        .hasMessageStartingWith("below(warn=7.0, critical=14.0)");
  }
}
