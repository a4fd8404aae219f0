package dev.runbook.benchmarks;

import dev.runbook.core.CheckResult;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.HealthRequest;
import dev.runbook.health.http.HealthResponse;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the framework-neutral endpoint adds to a cached {@code GET /health} (five checks,
 * allowlisted caller, full payload), apart from any server: building the request, reading the
 * cached results, the gate, negotiation and the reused payload. With {@code Accept} as probes
 * and browsers send it, and without.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EndpointBenchmark {

  private HealthRegistry registry;
  private HealthEndpoint endpoint;
  private InetAddress client;

  @Setup
  public void setUp() throws Exception {
    registry = HealthRegistry.builder().service("bench").version("1").build();
    CheckOptions cached = CheckOptions.builder().ttl(Duration.ofHours(1)).build();
    for (String name : List.of("database", "scheduler", "ingestion", "backup", "disk")) {
      registry.register(name, () -> CheckResult.ok().withDetail("value", 42), cached);
    }
    client = InetAddress.getByName("127.0.0.1");
    endpoint = HealthEndpoint.builder(registry)
        .gate(AccessGate.builder().allow("127.0.0.1").build()).build();
  }

  @TearDown
  public void tearDown() {
    registry.close();
  }

  @Benchmark
  public HealthResponse cachedHealth() {
    return endpoint.handle(HealthRequest.builder("GET", "/health").remoteAddress(client).build());
  }

  @Benchmark
  public HealthResponse cachedHealthWithAccept() {
    return endpoint.handle(HealthRequest.builder("GET", "/health").remoteAddress(client)
        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        .build());
  }
}
