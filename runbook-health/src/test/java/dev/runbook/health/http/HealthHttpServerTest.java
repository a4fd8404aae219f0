package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The endpoint through the JDK adapter, over real HTTP on loopback. */
class HealthHttpServerTest {

  static final String TOKEN = "tok-0123456789abcdef";

  private final AtomicReference<CheckResult> database = new AtomicReference<>(CheckResult.ok()
      .withDetail("product", "SQLite"));
  private final HealthRegistry registry = HealthRegistry.builder().service("bibliotheca")
      .version("1.0.0").build();
  private final HttpClient client = HttpClient.newHttpClient();
  private HealthHttpServer server;

  HealthHttpServerTest() {
    registry.register("database", database::get, CheckOptions.builder().ttl(java.time.Duration.ZERO)
        .build());
    registry.register("process", CheckResult::ok, CheckOptions.builder().groups("liveness").build());
    registry.register("search-index", CheckResult::ok,
        CheckOptions.builder().groups("search").build());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    registry.close();
  }

  private void start(AccessGate gate) throws IOException {
    start(HealthEndpoint.builder(registry).gate(gate).build());
  }

  private void start(HealthEndpoint endpoint) throws IOException {
    server = HealthHttpServer.builder(endpoint)
        .bind(new InetSocketAddress("127.0.0.1", 0)).threads(4)
        .stopGrace(java.time.Duration.ZERO).start();
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldShowOnlyTheStatusToCallersWhoAreNotAuthorised() throws Exception {
    start(AccessGate.denyAll());

    HttpResponse<String> health = send("GET", "/health");
    HttpResponse<String> ping = send("GET", "/ping");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(health.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(health.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void shouldShowDetailsToAnAllowlistedLoopbackCaller() throws Exception {
    start(AccessGate.builder().allow("127.0.0.1", "::1").build());

    HttpResponse<String> health = send("GET", "/health");

    assertThat(health.body())
        .startsWith("{\"status\":\"ok\",\"service\":\"bibliotheca\",\"version\":\"1.0.0\"")
        .contains("\"database\":{\"status\":\"ok\",\"duration_ms\":")
        .contains("\"product\":\"SQLite\"")
        .doesNotContain("search-index", "process");
  }

  @Test
  void shouldShowDetailsForAValidTokenOnly() throws Exception {
    start(AccessGate.builder().bearerTokens(TOKEN).build());

    assertThat(send("GET", "/health", "Authorization", "Bearer " + TOKEN).body())
        .contains("\"database\"");
    assertThat(send("GET", "/health", "Authorization", "Bearer wrong-token-0000000").body())
        .isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void shouldHonourForwardingOnlyFromTrustedProxies() throws Exception {
    start(AccessGate.builder().allow("10.0.0.0/8").trustedProxies("127.0.0.1").build());
    assertThat(send("GET", "/health", "X-Forwarded-For", "10.1.2.3").body())
        .contains("\"database\"");
    assertThat(send("GET", "/health", "X-Forwarded-For", "203.0.113.9").body())
        .isEqualTo("{\"status\":\"ok\"}");
    server.close();

    start(AccessGate.builder().allow("10.0.0.0/8", "127.0.0.1").build());
    assertThat(send("GET", "/health").body()).contains("\"database\"");
    assertThat(send("GET", "/health", "X-Forwarded-For", "10.1.2.3").body())
        .as("forwarding headers from an untrusted peer earn nothing by address")
        .isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void shouldAnswer503WhenDownAndServeOtherGroups() throws Exception {
    start(AccessGate.denyAll());
    database.set(CheckResult.down("database is locked"));

    assertThat(send("GET", "/health").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/health").body()).isEqualTo("{\"status\":\"down\"}");
    assertThat(send("GET", "/ping").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/health/search").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldUseConfiguredStatusCodesAndBasePath() throws Exception {
    start(HealthEndpoint.builder(registry).basePath("/ops/")
        .statusCode(dev.runbook.core.Status.DEGRADED, 299).build());
    database.set(CheckResult.degraded("slow"));

    assertThat(send("GET", "/ops/health").statusCode()).isEqualTo(299);
    assertThat(send("GET", "/health").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldSupportHeadWithoutABody() throws Exception {
    start(AccessGate.denyAll());

    HttpResponse<String> head = send("HEAD", "/health");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void shouldRefuseOtherMethodsUnknownGroupsAndFormats() throws Exception {
    start(AccessGate.denyAll());

    HttpResponse<String> post = send("POST", "/health");
    HttpResponse<String> group = send("GET", "/health/nosuch");
    HttpResponse<String> format = send("GET", "/health?format=xml");
    HttpResponse<String> nowhere = send("GET", "/admin");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(group.statusCode()).isEqualTo(404);
    assertThat(group.body()).isEqualTo("{\"error\":\"no health group named \\\"nosuch\\\"\"}");
    assertThat(format.statusCode()).isEqualTo(400);
    assertThat(format.body()).contains("format \\\"xml\\\" is not one of native, ietf, microprofile");
    assertThat(nowhere.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldNegotiateTheFormatByAcceptOrParameter() throws Exception {
    start(AccessGate.builder().allow("127.0.0.1", "::1").build());

    HttpResponse<String> ietf = send("GET", "/health", "Accept", "application/health+json");
    HttpResponse<String> mp = send("GET", "/health?format=microprofile");

    assertThat(ietf.headers().firstValue("Content-Type")).contains("application/health+json");
    assertThat(ietf.headers().firstValue("Vary")).contains("Accept");
    assertThat(ietf.body()).startsWith("{\"status\":\"pass\"")
        .contains("\"database\":[{\"componentId\":\"database\",\"componentType\":\"component\"");
    assertThat(mp.body()).startsWith("{\"status\":\"UP\",\"checks\":[{\"name\":\"database\"");
  }

  @Test
  void shouldNameTheAddressItCannotBind() throws Exception {
    start(AccessGate.denyAll());
    InetSocketAddress taken = new InetSocketAddress("127.0.0.1", server.port());

    assertThatThrownBy(() -> HealthHttpServer.builder(HealthEndpoint.builder(registry).build())
        .bind(taken).start())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot listen on /127.0.0.1:" + server.port());
  }

  @Test
  void shouldTurnOnNoDelayAndTheRequestTimeoutsForTheJdkServer() {
    assertThat(HealthHttpServer.enableNoDelay()).isTrue();
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("10");
    assertThat(System.getProperty("sun.net.httpserver.maxRspTime")).isEqualTo("30");
  }

  /** 200 clients that send one byte and wait, 200 that send half a header, then pings. */
  @ParameterizedTest(name = "platform threads: {0}")
  @ValueSource(booleans = {false, true})
  void shouldKeepAnsweringPingAndHealthWhileFourHundredSlowClientsHang(boolean platform)
      throws Exception {
    server = HealthHttpServer.builder(HealthEndpoint.builder(registry).build())
        .platformThreads(platform).stopGrace(java.time.Duration.ZERO).start();
    int threadsBefore = Thread.activeCount();
    long heapBefore = heapUsedAfterFullGc();
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 400; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.getOutputStream().write(i % 2 == 0 ? "G".getBytes(StandardCharsets.US_ASCII)
            : "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: app".getBytes(
                StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        slow.add(socket);
      }
      awaitUntil(() -> server.connectionsInUse() >= 400);

      for (int i = 0; i < 20; i++) {
        assertThat(rawGet("/ping")).startsWith("HTTP/1.1 200");
      }
      assertThat(rawGet("/health")).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"ok\"}");
      assertThat(server.connectionsRefused()).isZero();
      assertThat(server.virtualThreads()).isEqualTo(!platform && Runtime.version().feature() >= 21);
      int bound = server.virtualThreads() ? 16 : 400 + 16;
      assertThat(Thread.activeCount() - threadsBefore).as("platform threads added")
          .isLessThanOrEqualTo(bound);
      // what the 400 connections hold, measured after a full collection (the test's own
      // client sockets included): about 31 KiB each, so the connection cap bounds the heap too
      long heapAdded = heapUsedAfterFullGc() - heapBefore;
      System.out.printf("400 slow clients (platform threads %s): %+d KiB heap%n", platform,
          heapAdded / 1024);
      assertThat(heapAdded / 400).as("heap per slow connection").isLessThan(64 * 1024);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void shouldCloseConnectionsBeyondTheCapAtOnceAndServeAgainWhenTheyGo() throws Exception {
    server = HealthHttpServer.builder(HealthEndpoint.builder(registry).build())
        .maxConnections(20).stopGrace(java.time.Duration.ZERO).start();
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.getOutputStream().write('G');
        slow.add(socket);
      }
      awaitUntil(() -> server.connectionsInUse() == 20);

      assertThatThrownBy(() -> rawGet("/ping")).isInstanceOf(IOException.class);
      assertThat(server.connectionsRefused()).isPositive();
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
    awaitUntil(() -> server.connectionsInUse() == 0);
    assertThat(rawGet("/ping")).startsWith("HTTP/1.1 200");
  }

  @Test
  void shouldAnswer505ToAnHttpVersionItDoesNotSpeak() throws Exception {
    start(AccessGate.denyAll());

    assertThat(rawRequest("GET /ping HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"))
        .startsWith("HTTP/1.1 505");
  }

  private String rawGet(String path) throws IOException {
    return rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  private String rawRequest(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static long heapUsedAfterFullGc() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
        .getUsed();
  }

  /** Waits, at most 10 s, for the server to reach a state it reports itself. */
  private static void awaitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the server did not reach the expected state within 10 s");
      }
      Thread.yield(); // polls the server's own count; no time is waited out
    }
  }
}
