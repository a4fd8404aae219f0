package dev.runbook.examples.bibliotheca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.runbook.core.Redactor;
import dev.runbook.examples.support.JsonAnswers;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /books} and {@code POST /loans}. */
final class HttpApi {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = JsonAnswers.JSON;

  private final Library library;

  HttpApi(Library library) {
    this.library = library;
  }

  void books(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        JsonAnswers.send(exchange, 405, Map.of("error", "use GET /books"));
        return;
      }
      JsonAnswers.send(exchange, 200, Map.of("books", library.books()));
    } catch (Exception e) {
      fail(exchange, e);
    }
  }

  void loans(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        JsonAnswers.send(exchange, 405, Map.of("error", "use POST /loans"));
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getRequestBody());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        JsonAnswers.send(exchange, 400, Map.of("error", "the body is not JSON: " + e.getOriginalMessage()));
        return;
      }
      if (body == null || !body.path("book_id").canConvertToLong()
          || !body.path("member").isTextual() || body.path("member").asText().isBlank()) {
        JsonAnswers.send(exchange, 400, Map.of("error",
            "send {\"book_id\": <number>, \"member\": \"<name or email>\"}"));
        return;
      }
      try {
        Map<String, Object> loan =
            library.lend(body.get("book_id").asLong(), body.get("member").asText());
        JsonAnswers.send(exchange, 201, loan);
      } catch (Library.LoanRefused e) {
        JsonAnswers.send(exchange, e.status, Map.of("error", e.getMessage()));
      }
    } catch (Exception e) {
      fail(exchange, e);
    }
  }

  private static void fail(HttpExchange exchange, Exception e) throws IOException {
    LOG.atError().setMessage("request_failed")
        .addKeyValue("path", exchange.getRequestURI().getPath())
        .addKeyValue("error", Redactor.defaults().redact(e)).log();
    JsonAnswers.send(exchange, 500, Map.of("error", "internal error; see the service log"));
  }
}
