package dev.runbook.examples.media;

import dev.runbook.core.Redactor;
import dev.runbook.examples.support.JsonAnswers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /media}: the latest 50 items; a database failure is a 500 with a JSON body. */
final class MediaServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MediaServlet.class);

  private final transient Store store;

  MediaServlet(Store store) {
    this.store = store;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"GET".equals(req.getMethod())) {
      JsonAnswers.send(resp, 405, Map.of("error", "use GET /media"));
      return;
    }
    try {
      JsonAnswers.send(resp, 200, Map.of("items", store.latest(50)));
    } catch (java.sql.SQLException | RuntimeException e) {
      LOG.atError().setMessage("request_failed").addKeyValue("path", "/media")
          .addKeyValue("error", Redactor.defaults().redact(e)).log();
      resp.reset();
      JsonAnswers.send(resp, 500, Map.of("error", "internal error; see the service log"));
    }
  }
}
