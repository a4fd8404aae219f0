package dev.runbook.benchmarks;

import dev.runbook.health.servlet.SliFilter;
import dev.runbook.health.slo.RequestSlis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@link SliFilter} adds to a request: the same request through an empty chain bare, with
 * the SLI filter (route group lookup, the probe exclusions, two clock reads, the minute and hour
 * buckets and the latency histogram), and with what a metrics filter of Spring's kind does per
 * request (a Micrometer timer looked up by method, route and status, then recorded), so the
 * figure is set beside the peer's in the same run. Two threads, as two cores serve requests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class SliFilterBenchmark {

  private HttpServletRequest request;
  private HttpServletResponse response;
  private FilterChain chain;
  private SliFilter filter;
  private MeterRegistry meters;

  @Setup
  public void setUp() {
    HttpServletRequest unused = (HttpServletRequest) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
          throw new UnsupportedOperationException(m.getName());
        });
    HttpServletResponse unusedResponse = (HttpServletResponse) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
          throw new UnsupportedOperationException(m.getName());
        });
    request = new HttpServletRequestWrapper(unused) {
      @Override
      public String getRequestURI() {
        return "/api/books/42";
      }

      @Override
      public String getContextPath() {
        return "";
      }

      @Override
      public String getMethod() {
        return "GET";
      }
    };
    response = new HttpServletResponseWrapper(unusedResponse) {
      @Override
      public int getStatus() {
        return 200;
      }
    };
    chain = (ServletRequest req, ServletResponse res) -> { };
    filter = new SliFilter(RequestSlis.builder().group("api", "/api")
        .group("admin", "/admin").build());
    meters = new SimpleMeterRegistry();
  }

  @Benchmark
  public void chainAlone() throws Exception {
    chain.doFilter(request, response);
  }

  @Benchmark
  public void sliFilter() throws Exception {
    filter.doFilter(request, response, chain);
  }

  @Benchmark
  public void micrometerTimerPerRequest() throws Exception {
    long start = System.nanoTime();
    chain.doFilter(request, response);
    Timer.builder("http.server.requests").tag("method", request.getMethod())
        .tag("uri", "/api/books/{id}").tag("status", Integer.toString(response.getStatus()))
        .register(meters).record(Duration.ofNanos(System.nanoTime() - start));
  }
}
