package dev.runbook.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnalyticsApplicationTest {

  @Test
  void probePathsAreTheOtherExamplesSettingMappedOntoRunbooksProperties() {
    assertThat(AnalyticsApplication.probePaths("")).isEmpty();
    assertThat(AnalyticsApplication.probePaths("kubernetes, microprofile"))
        .containsExactly("runbook.health.kubernetes-paths=true",
            "runbook.health.microprofile-paths=true");
    assertThat(AnalyticsApplication.probePaths("actuator")).as("Actuator's own here").isEmpty();
    assertThatThrownBy(() -> AnalyticsApplication.probePaths("consul"))
        .hasMessage("HEALTH_PROBE_PATHS entry \"consul\" is not a probe path set; use any of"
            + " microprofile, kubernetes, actuator");
  }
}
