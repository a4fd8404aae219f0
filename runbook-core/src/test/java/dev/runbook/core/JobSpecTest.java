package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSpecTest {

  @Test
  void shouldKeepWhatWasSetAndDefaultTheRest() {
    JobSpec spec = JobSpec.builder("backup-retention", () -> { }).every(Duration.ofDays(1))
        .build();

    assertThat(spec.firstAfter()).isZero();
    assertThat(spec.expectedEvery()).isEmpty();
    assertThat(spec.failureThreshold()).isEmpty();
    assertThat(spec.toString()).contains("backup-retention", "PT24H");
  }

  @Test
  void shouldRefuseNonsenseNamingTheJobAndTheValue() {
    assertThatThrownBy(() -> JobSpec.builder(" ", () -> { }))
        .hasMessageContaining("a job needs a name");
    assertThatThrownBy(() -> JobSpec.builder("nightly-backup", () -> { }).every(Duration.ZERO))
        .hasMessage("every of job nightly-backup is PT0S; use a positive duration such as 1h");
    assertThatThrownBy(() -> JobSpec.builder("nightly-backup", () -> { })
        .firstAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("firstAfter of job nightly-backup is PT-1S");
    assertThatThrownBy(() -> JobSpec.builder("drill", () -> { }).failureThreshold(0))
        .hasMessageContaining("failureThreshold of job drill is 0; use 1 or more");
    assertThatThrownBy(() -> JobSpec.builder("drill", () -> { }).build())
        .hasMessage("job drill has no period; set every(...)");
  }
}
