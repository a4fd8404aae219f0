package dev.runbook.health.servlet;

import dev.runbook.health.slo.RequestSlis;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Records every request's route group, outcome and latency into {@link RequestSlis}: map it on
 * {@code /*} in front of the application's servlets. A request that throws counts as a 5xx.
 */
public final class SliFilter implements Filter {

  private final RequestSlis slis;

  public SliFilter(RequestSlis slis) {
    this.slis = Objects.requireNonNull(slis, "slis");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    boolean threw = true;
    try {
      chain.doFilter(request, response);
      threw = false;
    } finally {
      HttpServletRequest http = (HttpServletRequest) request;
      String uri = http.getRequestURI();
      String path = uri.substring(Math.min(http.getContextPath().length(), uri.length()));
      int status = threw ? 500 : ((HttpServletResponse) response).getStatus();
      slis.record(path.isEmpty() ? "/" : path, status,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
