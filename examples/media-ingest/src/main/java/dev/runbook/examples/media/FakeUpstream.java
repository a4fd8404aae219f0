package dev.runbook.examples.media;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.examples.support.JsonAnswers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in stand-in for the four external APIs, used for every source whose URL is not set:
 * {@code GET /<source>/items} answers a page of three new items. Sources named in {@code
 * FAKE_UPSTREAM_FAILURES} answer 503; those in {@code FAKE_UPSTREAM_RATE_LIMIT} answer 429 with
 * {@code Retry-After: 120}. It listens on a free loopback port and reaches nothing outside.
 */
final class FakeUpstream implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong counter = new AtomicLong();

  private FakeUpstream(HttpServer server) {
    this.server = server;
  }

  static FakeUpstream start(Set<String> failing, Set<String> rateLimited) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    FakeUpstream fake = new FakeUpstream(server);
    for (String source : Config.SOURCES.keySet()) {
      server.createContext("/" + source + "/items", exchange -> {
        try (exchange) {
          if (failing.contains(source)) {
            JsonAnswers.send(exchange, 503, Map.of("error", source + " is down (fake)"));
          } else if (rateLimited.contains(source)) {
            exchange.getResponseHeaders().set("Retry-After", "120");
            JsonAnswers.send(exchange, 429, Map.of("error", source + " rate limit (fake)"));
          } else {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
              long n = fake.counter.incrementAndGet();
              items.add(Map.of("id", source + "-" + n, "title", source + " item " + n,
                  "score", n % 100));
            }
            JsonAnswers.send(exchange, 200, Map.of("items", items));
          }
        }
      });
    }
    server.start();
    return fake;
  }

  URI base(String source) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + source);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
