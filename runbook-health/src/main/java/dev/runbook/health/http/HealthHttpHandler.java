package dev.runbook.health.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Serves a {@link HealthEndpoint} from a JDK {@code com.sun.net.httpserver} server the application
 * already runs: {@code server.createContext("/ping", handler); server.createContext("/health",
 * handler);}. To own the server instead, use {@link HealthHttpServer}.
 *
 * <p>On a server you create yourself, set {@code -Dsun.net.httpserver.nodelay=true} (or call
 * {@link HealthHttpServer#enableNoDelay()} before creating it): without it, keep-alive clients
 * wait on Nagle's algorithm and delayed ACKs, and throughput collapses to a few hundred
 * requests a second. Your server's executor also decides whether slow clients can starve it;
 * {@link HealthHttpServer} explains what it does about them. A request that is not HTTP/1.0 or
 * HTTP/1.1 is answered 505.
 */
public final class HealthHttpHandler implements HttpHandler {

  private final HealthEndpoint endpoint;

  public HealthHttpHandler(HealthEndpoint endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String protocol = exchange.getProtocol();
      if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
        // the JDK server takes any HTTP/x.y; a version it cannot speak gets 505, not a 200
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(505, -1);
        return;
      }
      HealthRequest.Builder request = HealthRequest.builder(exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath() == null ? "/"
                  : HealthRequest.decodePath(exchange.getRequestURI().getRawPath()))
          .rawQuery(exchange.getRequestURI().getRawQuery())
          .nativeRequest(exchange)
          .headerLookup(exchange.getRequestHeaders()::get);
      InetSocketAddress remote = exchange.getRemoteAddress();
      if (remote != null) {
        request.remoteAddress(remote.getAddress());
      }
      HealthResponse response = endpoint.handle(request.build());
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      if (head) {
        exchange.getResponseHeaders().set("Content-Length", String.valueOf(response.bodyLength()));
        exchange.sendResponseHeaders(response.statusCode(), -1);
      } else {
        int length = response.bodyLength();
        exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length);
        try (OutputStream out = exchange.getResponseBody()) {
          response.writeBody(out);
        }
      }
    }
  }
}
