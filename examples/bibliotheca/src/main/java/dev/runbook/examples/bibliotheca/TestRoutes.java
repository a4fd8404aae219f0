package dev.runbook.examples.bibliotheca;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Routes for drills, served only with {@code TEST_ROUTES=true}: {@code GET /test/5xx} answers 500
 * on purpose, so a drill can watch the availability SLO and its alert move without breaking
 * anything real. They change nothing and read nothing.
 */
final class TestRoutes extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean fail = "/5xx".equals(request.getPathInfo());
    response.setStatus(fail ? 500 : 404);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write((fail
        ? "{\"error\":\"an injected 5xx: TEST_ROUTES is on\"}"
        : "{\"error\":\"the test routes are /test/5xx\"}").getBytes(StandardCharsets.UTF_8));
  }
}
