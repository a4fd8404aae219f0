package dev.runbook.health.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Settings;
import dev.runbook.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SLO_*}: the runbook's table from three targets, and every mistake named. */
class SloSettingsTest {

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");

  @Test
  void theTargetsAloneGiveTheRunbooksTable() {
    List<Slo> slos = SloSettings.slos(Settings.of(Map.of("SLO_AVAILABILITY", "99.5%",
        "SLO_LATENCY_P95", "500ms", "SLO_ERROR_RATE", "1%")));
    assertThat(slos).extracting(Slo::name, Slo::target, Slo::warning, Slo::critical)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("availability", 99.5, 99.0, 98.0),
            org.assertj.core.groups.Tuple.tuple("error_rate", 1.0, 2.0, 5.0),
            org.assertj.core.groups.Tuple.tuple("latency_p95", 500.0, 800.0, 1500.0));
    assertThat(slos.get(2).quantile()).isEqualTo(0.95);
    assertThat(slos).allSatisfy(s -> {
      assertThat(s.window()).isEqualTo(Duration.ofHours(1));
      assertThat(s.period()).isEqualTo(Duration.ofDays(30));
    });
  }

  @Test
  void levelsWindowsAndGroupsAreSettable() {
    Settings s = Settings.of(Map.of("SLO_AVAILABILITY", "99.9",
        "SLO_AVAILABILITY_WARNING", "99.5%", "SLO_AVAILABILITY_CRITICAL", "99",
        "SLO_LATENCY_P999", "2s", "SLO_WINDOW", "15m", "SLO_PERIOD", "7d",
        "SLO_ROUTE_GROUPS", "api=/books, api=/loans, admin=/admin",
        "SLO_CRITICAL_IS_DOWN", "true"));
    List<Slo> slos = SloSettings.slos(s);
    assertThat(slos.get(0).warning()).isEqualTo(99.5);
    assertThat(slos.get(1).quantile()).isEqualTo(0.999);
    assertThat(slos.get(1).critical()).isEqualTo(6000.0);
    assertThat(slos.get(0).window()).isEqualTo(Duration.ofMinutes(15));
    RequestSlis slis = SloSettings.requestSlis(s, clock);
    assertThat(SloSettings.groups(s, slis)).containsExactly("admin", "api");
    slis.record("/loans/7", 500, Duration.ofMillis(3));
    slis.record("/other", 200, Duration.ofMillis(3));
    SloSection section = SloSettings.section(s, slis).orElseThrow();
    assertThat(section.statuses()).containsOnlyKeys("admin/availability",
        "admin/latency_p999", "api/availability", "api/latency_p999");
    assertThat(section.statuses().get("api/availability").level())
        .isEqualTo(SloEvaluator.Level.CRITICAL);
    assertThat(section.check().status()).isEqualTo(dev.runbook.core.Status.DOWN);
    assertThat(SloSettings.section(Settings.of(Map.of()), slis)).isEmpty();
  }

  @Test
  void everyMistakeIsNamed() {
    assertThatThrownBy(() -> SloSettings.slos(Settings.of(Map.of("SLO_AVAILABILITY", "99.5 %x"))))
        .hasMessageContaining("SLO_AVAILABILITY \"99.5 %x\" is not a percentage");
    assertThatThrownBy(() -> SloSettings.slos(Settings.of(Map.of("SLO_AVAILABILITY", "99.5",
        "SLO_AVAILABILITY_WARNING", "99.8"))))
        .hasMessageContaining("SLO_AVAILABILITY").hasMessageContaining("_WARNING");
    assertThatThrownBy(() -> SloSettings.slos(Settings.of(Map.of("SLO_AVAILABILTY", "99.5"))))
        .hasMessageContaining("SLO_AVAILABILTY is not an SLO setting");
    assertThatThrownBy(() -> SloSettings.slos(Settings.of(Map.of("SLO_LATENCY_P95", "500"))))
        .hasMessageContaining("SLO_LATENCY_P95");
    assertThatThrownBy(() -> SloSettings.slos(Settings.of(Map.of(
        "SLO_LATENCY_P95_WARNING", "800ms")))).hasMessageContaining("SLO_LATENCY_P95_WARNING");
    assertThatThrownBy(() -> SloSettings.requestSlis(Settings.of(Map.of("SLO_ROUTE_GROUPS",
        "api:/books")), clock)).hasMessageContaining("\"api:/books\" is not name=/prefix");
  }
}
