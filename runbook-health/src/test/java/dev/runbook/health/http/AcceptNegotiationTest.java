package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.health.HealthRegistry;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The format each {@code Accept} header selects (RFC 9110 section 12.5.1), with native or
 * MicroProfile as the endpoint's default. Header values are single-quoted; an empty one means no
 * header at all.
 */
class AcceptNegotiationTest {

  @ParameterizedTest(name = "[{0}] with default {1}: {2}")
  @CsvSource(quoteCharacter = '\'', value = {
      "'', NATIVE, NATIVE",
      "'', MICROPROFILE, MICROPROFILE",
      "'*/*', NATIVE, NATIVE",
      "'*/*', MICROPROFILE, MICROPROFILE",
      "'application/json', NATIVE, NATIVE",
      "'application/json', MICROPROFILE, MICROPROFILE",
      "'application/*', NATIVE, NATIVE",
      "'application/health+json', NATIVE, IETF",
      "'APPLICATION/Health+JSON', NATIVE, IETF",
      "'application/health+json;q=0', NATIVE, NATIVE",
      "'application/json, application/health+json;q=0.1', NATIVE, NATIVE",
      "'application/json;q=0.5, application/health+json', NATIVE, IETF",
      "'application/health+json;q=0.9, application/json;q=0.8', MICROPROFILE, IETF",
      "'application/json;q=0.9, application/health+json;q=0.9', NATIVE, NATIVE",
      "'application/health+json;q=0.9, application/json;q=0.9', NATIVE, NATIVE",
      "'application/health+json; charset=utf-8', NATIVE, IETF",
      "'application/health+json ; q=1.0', NATIVE, IETF",
      "'application/vnd.spring-boot.actuator.v3+json', NATIVE, ACTUATOR",
      "'application/vnd.spring-boot.actuator.v3+json, application/json;q=0.5', NATIVE, ACTUATOR",
      "'text/html', NATIVE, NATIVE",
      "'text/html', MICROPROFILE, NATIVE",
      "'text/*, application/health+json;q=0.2', NATIVE, IETF",
      "'*/*;q=0.1, application/health+json', NATIVE, IETF",
      "'*/*;q=0', NATIVE, NATIVE",
      "'application/*;q=0.3, application/health+json;q=0', NATIVE, NATIVE",
      "'application/*;q=0, application/health+json', NATIVE, IETF",
      "'application/json;q=2', NATIVE, NATIVE",
      "'nonsense, application/health+json', NATIVE, IETF",
      "'application/health+json;q=0.001, text/plain', NATIVE, IETF"})
  void shouldSelectTheFormatTheHeaderWeighsHighest(String accept, PayloadFormat preferred,
      PayloadFormat expected) {
    assertThat(PayloadFormat.fromAccept(accept, preferred)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}]: {1}")
  @CsvSource(quoteCharacter = '\'', value = {
      "'application/health+json;q=0', application/json",
      "'application/vnd.spring-boot.actuator.v3+json', application/vnd.spring-boot.actuator.v3+json",
      "'text/html', application/json"})
  void shouldAnswerEveryAcceptWithVaryAndTheChosenType(String accept, String contentType)
      throws Exception {
    try (HealthRegistry registry = HealthRegistry.create()) {
      registry.register("database", CheckResult::ok);
      HealthResponse response = HealthEndpoint.builder(registry).build().handle(
          HealthRequest.builder("GET", "/health").header("Accept", accept)
              .remoteAddress(InetAddress.getByName("127.0.0.1")).build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("Content-Type", contentType)
          .containsEntry("Vary", "Accept");
    }
  }
}
