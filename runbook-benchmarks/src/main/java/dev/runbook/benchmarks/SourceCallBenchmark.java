package dev.runbook.benchmarks;

import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.health.sources.SourcePolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.Callable;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of recording a call through {@link IngestionSource#call} against a bare resilience4j
 * {@code CircuitBreaker.decorateCallable} with the same window, on a closed circuit with a
 * trivial task, so the difference is the bookkeeping per call: two clock reads, the outcome,
 * the issue list and the listener list.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SourceCallBenchmark {

  private IngestionSource source;
  private Callable<Integer> decorated;
  private Callable<Integer> task;
  private int counter;

  @Setup
  public void setUp() {
    task = () -> ++counter;
    IngestionSources sources = IngestionSources.builder().build();
    source = sources.register("tmdb", SourcePolicy.builder().window(100).minimumCalls(100)
        .build());
    CircuitBreaker bare = CircuitBreaker.of("tmdb", CircuitBreakerConfig.custom()
        .slidingWindowSize(100).minimumNumberOfCalls(100).build());
    decorated = CircuitBreaker.decorateCallable(bare, task);
  }

  @Benchmark
  public Integer taskAlone() throws Exception {
    return task.call();
  }

  @Benchmark
  public Integer resilience4jDecorateCallable() throws Exception {
    return decorated.call();
  }

  @Benchmark
  public Integer runbookSourceCall() throws Exception {
    return source.call("search", task);
  }
}
