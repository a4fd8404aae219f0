package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.health.slo.RequestSlis;
import dev.runbook.health.slo.RequestWindows;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JDK server's filter, over real HTTP on loopback. */
class SliHttpFilterTest {

  @Test
  void recordsGroupsOutcomesAndLeavesProbesOut() throws Exception {
    RequestSlis slis = RequestSlis.builder().group("api", "/api").build();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(7);
    Filter counted = new Filter() {
      @Override
      public void doFilter(com.sun.net.httpserver.HttpExchange exchange, Chain chain)
          throws java.io.IOException {
        try {
          chain.doFilter(exchange);
        } finally {
          done.countDown(); // after the SLI filter inside it has recorded
        }
      }

      @Override
      public String description() {
        return "counts finished exchanges";
      }
    };
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    try {
      for (String path : new String[] {"/api", "/ping", "/"}) {
        HttpContext context = server.createContext(path, exchange -> {
          try (exchange) {
            String p = exchange.getRequestURI().getPath();
            if (p.endsWith("/boom")) {
              throw new IllegalStateException("handler failed");
            }
            if (p.endsWith("/silent")) {
              return; // no response headers sent
            }
            exchange.sendResponseHeaders(p.endsWith("/fail") ? 503 : 200, -1);
          }
        });
        context.getFilters().add(counted);
        context.getFilters().add(new SliHttpFilter(slis));
      }
      server.start();
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      for (String path : new String[] {"/api/books", "/api/books", "/api/fail", "/api/boom",
          "/api/silent", "/ping", "/other"}) {
        try {
          client.send(HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(10))
              // POST: the client never retries it when the server closes without an answer
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException closedWithoutAnswer) {
          // /api/boom and /api/silent end the exchange without a response
        }
      }
      assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      server.stop(0);
    }
    RequestWindows.Window api = slis.windows("api").window(Duration.ofMinutes(5));
    assertThat(api.requests()).isEqualTo(5);
    assertThat(api.errors()).as("503, a throw and no answer are errors").isEqualTo(3);
    RequestWindows.Window other = slis.windows(RequestSlis.DEFAULT_GROUP)
        .window(Duration.ofMinutes(5));
    assertThat(other.requests()).as("/ping is left out").isEqualTo(1);
  }
}
