package dev.runbook.examples.bibliotheca;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in stand-in for a mail provider, used when {@code EMAIL_PROVIDER_URL} is not set: it
 * listens on a free loopback port and accepts every mail ({@code POST /send} answers 202), so the
 * service runs with no outside dependency. Nothing is sent anywhere.
 */
final class FakeEmailProvider implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong accepted = new AtomicLong();

  private FakeEmailProvider(HttpServer server) {
    this.server = server;
  }

  static FakeEmailProvider start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    FakeEmailProvider fake = new FakeEmailProvider(server);
    server.createContext("/send", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
        if (!"POST".equals(exchange.getRequestMethod())) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        fake.accepted.incrementAndGet();
        exchange.sendResponseHeaders(202, -1);
      }
    });
    server.createContext("/ping", exchange -> {
      try (exchange) {
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
    return fake;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  long accepted() {
    return accepted.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
