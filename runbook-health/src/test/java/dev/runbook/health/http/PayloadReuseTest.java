package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.testkit.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A payload is reused while its results stand, and rewritten the moment one changes. */
class PayloadReuseTest {

  private final MutableClock clock = MutableClock.at("2026-11-22T03:15:00Z");
  private final AtomicInteger runs = new AtomicInteger();
  private final HealthRegistry registry = HealthRegistry.builder().service("bibliotheca")
      .clock(clock).build();
  private final HealthEndpoint endpoint;

  PayloadReuseTest() {
    registry.register("database", () -> CheckResult.ok().withDetail("run", runs.incrementAndGet()),
        CheckOptions.builder().ttl(Duration.ofMinutes(1)).build());
    endpoint = HealthEndpoint.builder(registry)
        .gate(AccessGate.builder().allow("10.0.0.7").build()).build();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private String get(String from) throws Exception {
    return endpoint.handle(HealthRequest.builder("GET", "/health")
        .remoteAddress(InetAddress.getByName(from)).build()).bodyText();
  }

  @Test
  void shouldAnswerTheSamePayloadWhileTheResultsStandAndANewOneWhenTheyChange() throws Exception {
    String first = get("10.0.0.7");
    clock.advance(Duration.ofSeconds(30));
    String cached = get("10.0.0.7");
    String anonymous = get("203.0.113.5");
    clock.advance(Duration.ofSeconds(31));
    String fresh = get("10.0.0.7");

    assertThat(cached).isEqualTo(first).contains("\"run\":1")
        .contains("\"checked_at\":\"2026-11-22T03:15:00Z\"");
    assertThat(anonymous).isEqualTo("{\"status\":\"ok\"}");
    assertThat(fresh).contains("\"run\":2").contains("\"checked_at\":\"2026-11-22T03:16:01Z\"");
    assertThat(runs).hasValue(2);
  }
}
