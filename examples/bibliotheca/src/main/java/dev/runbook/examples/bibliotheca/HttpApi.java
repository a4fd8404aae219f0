package dev.runbook.examples.bibliotheca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /books} and {@code POST /loans}. */
final class HttpApi {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Library library;

  HttpApi(Library library) {
    this.library = library;
  }

  void books(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, Map.of("error", "use GET /books"));
        return;
      }
      send(exchange, 200, Map.of("books", library.books()));
    } catch (Exception e) {
      fail(exchange, e);
    }
  }

  void loans(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, Map.of("error", "use POST /loans"));
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getRequestBody());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        send(exchange, 400, Map.of("error", "the body is not JSON: " + e.getOriginalMessage()));
        return;
      }
      if (body == null || !body.path("book_id").canConvertToLong()
          || !body.path("member").isTextual() || body.path("member").asText().isBlank()) {
        send(exchange, 400, Map.of("error",
            "send {\"book_id\": <number>, \"member\": \"<name or email>\"}"));
        return;
      }
      try {
        Map<String, Object> loan =
            library.lend(body.get("book_id").asLong(), body.get("member").asText());
        send(exchange, 201, loan);
      } catch (Library.LoanRefused e) {
        send(exchange, e.status, Map.of("error", e.getMessage()));
      }
    } catch (Exception e) {
      fail(exchange, e);
    }
  }

  private static void fail(HttpExchange exchange, Exception e) throws IOException {
    LOG.atError().addKeyValue("event", "request_failed")
        .addKeyValue("path", exchange.getRequestURI().getPath()).setCause(e).log("request failed");
    send(exchange, 500, Map.of("error", "internal error; see the service log"));
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
