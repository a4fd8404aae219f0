package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusTest {

  @Test
  void shouldAggregateToTheWorst() {
    assertThat(Status.OK.worst(Status.DEGRADED)).isEqualTo(Status.DEGRADED);
    assertThat(Status.DOWN.worst(Status.OK)).isEqualTo(Status.DOWN);
    assertThat(Status.DEGRADED.worst(Status.DEGRADED)).isEqualTo(Status.DEGRADED);
  }

  @Test
  void shouldCapNonCriticalFailures() {
    assertThat(Status.DOWN.capAt(Status.DEGRADED)).isEqualTo(Status.DEGRADED);
    assertThat(Status.OK.capAt(Status.DEGRADED)).isEqualTo(Status.OK);
  }

  @Test
  void shouldMapToEachWireFormat() {
    assertThat(Status.DEGRADED.wireName()).isEqualTo("degraded");
    assertThat(Status.DEGRADED.ietfName()).isEqualTo("warn");
    assertThat(Status.DEGRADED.microProfileName()).isEqualTo("UP");
    assertThat(Status.DOWN.ietfName()).isEqualTo("fail");
    assertThat(Status.DOWN.microProfileName()).isEqualTo("DOWN");
    assertThat(Status.DEGRADED.isServing()).isTrue();
    assertThat(Status.DOWN.isServing()).isFalse();
  }

  @Test
  void shouldParseWireNamesAndNameTheBadOne() {
    assertThat(Status.fromWireName(" Degraded ")).isEqualTo(Status.DEGRADED);
    assertThatThrownBy(() -> Status.fromWireName("warn"))
        .hasMessage("status \"warn\" is not one of ok, degraded, down");
  }
}
