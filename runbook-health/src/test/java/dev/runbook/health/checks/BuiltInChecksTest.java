package dev.runbook.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltInChecksTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} of 1000 bytes free -> {1}")
  @CsvSource({"201, OK", "200, DEGRADED", "101, DEGRADED", "100, DOWN", "0, DOWN"})
  void shouldJudgeDiskUsageAtExactBoundaries(long free, Status expected) throws Exception {
    DiskSpaceCheck check = new DiskSpaceCheck(dir, DiskSpaceCheck.DEFAULT_THRESHOLDS,
        p -> new long[] {1000, free});

    CheckResult result = check.check();

    assertThat(result.status()).isEqualTo(expected);
    assertThat(result.details()).containsEntry("total_bytes", 1000L)
        .containsEntry("free_bytes", free)
        .containsEntry("used_ratio", (1000 - free) / 1000.0)
        .containsEntry("observed_unit", "ratio");
    if (expected != Status.OK) {
      assertThat(result.error().orElseThrow()).contains("% used");
    }
  }

  @Test
  void shouldReadARealFileStore() throws Exception {
    CheckResult result = DiskSpaceCheck.of(dir, Thresholds.above(1.0, 1.0)).check();

    assertThat((long) result.details().get("total_bytes")).isPositive();
    assertThat((double) result.details().get("used_ratio")).isBetween(0.0, 1.0);
  }

  @Test
  void shouldReportAMissingPathAsDown() throws Exception {
    CheckResult result = DiskSpaceCheck.of(dir.resolve("gone")).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.error().orElseThrow()).endsWith("gone does not exist");
  }

  @Test
  void shouldRefuseThresholdsPointingTheWrongWay() {
    assertThatThrownBy(() -> DiskSpaceCheck.of(dir, Thresholds.below(0.2, 0.1)))
        .hasMessageContaining("must be above(...)");
  }

  @ParameterizedTest(name = "heap {0} of 1000 -> {1}")
  @CsvSource({"899, OK", "900, DEGRADED", "980, DOWN"})
  void shouldJudgeHeapUsage(long used, Status expected) {
    JvmMemoryCheck check = new JvmMemoryCheck(JvmMemoryCheck.DEFAULT_THRESHOLDS,
        () -> new MemoryUsage(0, used, 1000, 1000));

    CheckResult result = check.check();

    assertThat(result.status()).isEqualTo(expected);
    assertThat(result.details()).containsEntry("max_bytes", 1000L);
  }

  @Test
  void shouldUseCommittedHeapWhenNoMaximumIsSet() {
    CheckResult result = new JvmMemoryCheck(JvmMemoryCheck.DEFAULT_THRESHOLDS,
        () -> new MemoryUsage(0, 50, 100, -1)).check();

    assertThat(result.details()).containsEntry("max_bytes", 100L).containsEntry("used_ratio", 0.5);
    assertThat(JvmMemoryCheck.heap().check().details()).containsKey("used_bytes");
  }
}
