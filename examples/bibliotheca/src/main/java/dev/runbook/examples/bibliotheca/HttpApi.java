package dev.runbook.examples.bibliotheca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Redactor;
import dev.runbook.examples.support.JsonAnswers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /books} and {@code POST /loans}, as one servlet mapped at both paths. */
final class HttpApi extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The longest member name or e-mail a loan accepts. */
  static final int MAX_MEMBER = 200;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient Library library;

  HttpApi(Library library) {
    this.library = library;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      switch (req.getServletPath()) {
        case "/books" -> books(req, resp);
        case "/loans" -> loans(req, resp);
        default -> JsonAnswers.send(resp, 404, Map.of("error", "no route here"));
      }
    } catch (Exception e) {
      LOG.atError().setMessage("request_failed").addKeyValue("path", req.getServletPath())
          .addKeyValue("error", Redactor.defaults().redact(e)).log();
      if (!resp.isCommitted()) {
        resp.reset();
        JsonAnswers.send(resp, 500, Map.of("error", "internal error; see the service log"));
      }
    }
  }

  private void books(HttpServletRequest req, HttpServletResponse resp) throws Exception {
    if (!"GET".equals(req.getMethod())) {
      JsonAnswers.send(resp, 405, Map.of("error", "use GET /books"));
      return;
    }
    JsonAnswers.send(resp, 200, Map.of("books", library.books()));
  }

  private void loans(HttpServletRequest req, HttpServletResponse resp) throws Exception {
    if (!"POST".equals(req.getMethod())) {
      JsonAnswers.send(resp, 405, Map.of("error", "use POST /loans"));
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(req.getInputStream());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      JsonAnswers.send(resp, 400, Map.of("error", "the body is not JSON: "
          + Redactor.defaults().redact(e.getOriginalMessage())));
      return;
    }
    if (body == null || !body.path("book_id").canConvertToLong()
        || !body.path("member").isTextual() || body.path("member").asText().isBlank()) {
      JsonAnswers.send(resp, 400, Map.of("error",
          "send {\"book_id\": <number>, \"member\": \"<name or email>\"}"));
      return;
    }
    String member = body.get("member").asText().strip();
    if (member.length() > MAX_MEMBER || member.codePoints().anyMatch(Character::isISOControl)) {
      JsonAnswers.send(resp, 400, Map.of("error", "member must be a name or e-mail of at most "
          + MAX_MEMBER + " characters, without control characters"));
      return;
    }
    try {
      JsonAnswers.send(resp, 201, library.lend(body.get("book_id").asLong(), member));
    } catch (Library.LoanRefused e) {
      JsonAnswers.send(resp, e.status, Map.of("error", e.getMessage()));
    }
  }
}
