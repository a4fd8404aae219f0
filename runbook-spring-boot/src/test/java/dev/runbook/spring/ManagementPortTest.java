package dev.runbook.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** runbook.health.server=management with a management port of its own, over real HTTP. */
@SpringBootTest(classes = ManagementPortTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "management.server.port=0",
        "management.server.address=127.0.0.1", "runbook.health.server=management"})
class ManagementPortTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @org.springframework.context.annotation.Import(OpenSecurity.class)
  static class App {}

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  final HttpClient http = HttpClient.newHttpClient();

  int status(int onPort, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void theEndpointMovesToTheManagementPort() throws Exception {
    assertThat(managementPort).isNotEqualTo(port);
    assertThat(status(managementPort, "/ping")).isEqualTo(200);
    assertThat(status(managementPort, "/health")).isEqualTo(200);
    assertThat(status(port, "/ping")).as("not on the application's port").isEqualTo(404);
  }
}
