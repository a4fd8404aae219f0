package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckResultTest {

  @Test
  void shouldBuildEachStatusWithItsError() {
    assertThat(CheckResult.ok().status()).isEqualTo(Status.OK);
    assertThat(CheckResult.ok().error()).isEmpty();
    assertThat(CheckResult.degraded("slow").error()).contains("slow");
    assertThat(CheckResult.down("refused").status()).isEqualTo(Status.DOWN);
    assertThatThrownBy(() -> CheckResult.down(" ")).hasMessageContaining("blank");
  }

  @Test
  void shouldKeepDetailsInInsertionOrderAndStayImmutable() {
    CheckResult base = CheckResult.ok();
    CheckResult result = base.withDetail("b", 1).withDetail("a", 2).withDetail("b", 3);

    assertThat(base.details()).isEmpty();
    assertThat(result.details()).containsExactly(Map.entry("b", 3), Map.entry("a", 2));
    assertThatThrownBy(() -> result.details().put("c", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldNormaliseValuesToJsonAbleForms() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("at", Instant.parse("2026-11-22T03:15:00Z"));
    nested.put("none", null);

    CheckResult result = CheckResult.ok()
        .withDetail("when", Instant.parse("2026-11-22T03:15:00Z"))
        .withDetail("took", Duration.ofSeconds(90))
        .withDetail("state", Status.DEGRADED)
        .withDetail("mode", Thresholds.Direction.ABOVE)
        .withDetail("names", new String[] {"a", null})
        .withDetail("nested", nested)
        .withDetail("text", new StringBuilder("sb"));

    assertThat(result.details())
        .containsEntry("when", "2026-11-22T03:15:00Z")
        .containsEntry("took", "PT1M30S")
        .containsEntry("state", "degraded")
        .containsEntry("mode", "above")
        .containsEntry("names", Arrays.asList("a", null))
        .containsEntry("text", "sb");
    assertThat(result.details().get("nested"))
        .asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
        .containsExactly(entry("at", "2026-11-22T03:15:00Z"), entry("none", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "duration_ms", "checked_at", "error", "timed_out"})
  void shouldRejectReservedDetailKeys(String key) {
    assertThatThrownBy(() -> CheckResult.ok().withDetail(key, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + key + "\" is reserved");
    assertThatThrownBy(() -> CheckResult.ok(Map.of(key, 1)))
        .hasMessageContaining("reserved");
  }

  @Test
  void shouldRejectValuesJsonCannotHoldNamingThePath() {
    assertThatThrownBy(() -> CheckResult.ok().withDetail("ratio", Double.NaN))
        .hasMessageContaining("\"ratio\" is NaN");
    assertThatThrownBy(() -> CheckResult.ok().withDetail("list", List.of(1, new Object())))
        .hasMessageContaining("\"list[1]\" is a java.lang.Object");
    assertThatThrownBy(() -> CheckResult.ok().withDetail("m", Map.of(1, "x")))
        .hasMessageContaining("not a string");
    assertThatThrownBy(() -> CheckResult.ok().withDetail(" ", 1))
        .hasMessageContaining("blank");
  }

  @Test
  void shouldCompareByValue() {
    assertThat(CheckResult.degraded("x").withDetail("a", 1))
        .isEqualTo(CheckResult.degraded("x").withDetail("a", 1))
        .hasSameHashCodeAs(CheckResult.degraded("x").withDetail("a", 1))
        .isNotEqualTo(CheckResult.down("x").withDetail("a", 1));
  }
}
