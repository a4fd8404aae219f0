package dev.runbook.health.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.runbook.health.slo.RequestSlis;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Records every request's route group, outcome and latency into {@link RequestSlis} for a JDK
 * {@code com.sun.net.httpserver} server: add it to each context's filters ({@code
 * context.getFilters().add(new SliHttpFilter(slis))}). A request that throws, or whose handler
 * returns without sending response headers, counts as a 5xx; the latency ends when the handler
 * returns.
 */
public final class SliHttpFilter extends Filter {

  private final RequestSlis slis;

  public SliHttpFilter(RequestSlis slis) {
    this.slis = Objects.requireNonNull(slis, "slis");
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    long start = System.nanoTime();
    boolean threw = true;
    try {
      chain.doFilter(exchange);
      threw = false;
    } finally {
      int code = exchange.getResponseCode();
      String path = exchange.getRequestURI().getRawPath();
      slis.record(path == null || path.isEmpty() ? "/" : path, threw || code < 0 ? 500 : code,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  @Override
  public String description() {
    return "runbook request SLIs";
  }
}
