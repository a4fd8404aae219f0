package dev.runbook.health.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.health.sources.SourceException;
import dev.runbook.health.sources.SourcePolicy;
import dev.runbook.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceMetricsTest {

  private final MutableClock clock = MutableClock.at("2026-11-22T03:00:00Z");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private double calls(String outcome, String reason) {
    return meters.get(SourceMetrics.CALLS_COUNTER).tag("source", "lastfm")
        .tag("outcome", outcome).tag("reason", reason).counter().count();
  }

  private double state() {
    return meters.get(SourceMetrics.STATE_GAUGE).tag("source", "lastfm").gauge().value();
  }

  @Test
  void shouldCountCallsByOutcomeAndReasonAndGaugeTheCircuitState() throws Exception {
    IngestionSources sources = IngestionSources.builder().clock(clock).build();
    IngestionSource lastfm = sources.register("lastfm",
        SourcePolicy.builder().cooldown(Duration.ofSeconds(30)).build());
    SourceMetrics.of(sources).bindTo(meters);
    assertThat(state()).isZero();

    lastfm.call("scrobbles", () -> "ok");
    assertThatThrownBy(() -> lastfm.call("scrobbles", () -> {
      throw SourceException.http(404, null);
    }));
    assertThatThrownBy(() -> lastfm.call("scrobbles", () -> {
      throw SourceException.http(429, "60");
    }));
    assertThat(state()).isEqualTo(2.0);
    assertThatThrownBy(() -> lastfm.call("scrobbles", () -> "refused"));
    clock.advance(Duration.ofSeconds(60));
    lastfm.call("scrobbles", () -> "trial");
    assertThat(state()).isEqualTo(1.0);

    assertThat(calls("success", "none")).isEqualTo(2.0);
    assertThat(calls("ignored", "client_error")).isEqualTo(1.0);
    assertThat(calls("failure", "rate_limited")).isEqualTo(1.0);
    assertThat(calls("rejected", "none")).isEqualTo(1.0);
  }
}
