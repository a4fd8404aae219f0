package dev.runbook.health.servlet;

import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.HealthRequest;
import dev.runbook.health.http.HealthResponse;
import dev.runbook.health.internal.AddressBlock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Objects;

/**
 * Serves a {@link HealthEndpoint} from a Jakarta Servlet 6 container (Jetty 12 ee10, Tomcat 10.1,
 * Undertow). Map it where the routes should appear, typically {@code /*} or {@code /ping} plus
 * {@code /health/*}; the endpoint sees the path inside the web application (without the context
 * path).
 *
 * <p>The servlet request is passed as {@link HealthRequest#nativeRequest()}, so a credential
 * callback can use the container's authentication:
 *
 * <pre>{@code
 * AccessGate gate = AccessGate.builder()
 *     .credentialCheck(r -> ((HttpServletRequest) r.nativeRequest()).isUserInRole("ops"))
 *     .build();
 * context.addServlet(new ServletHolder(new HealthServlet(endpoint)), "/*");
 * }</pre>
 *
 * <p>The servlet API is an optional, provided dependency of runbook-health: this class is usable
 * only inside a container that supplies it.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient HealthEndpoint endpoint;

  public HealthServlet(HealthEndpoint endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String uri = req.getRequestURI();
    String path = uri.substring(Math.min(req.getContextPath().length(), uri.length()));
    HealthRequest.Builder request = HealthRequest.builder(req.getMethod(),
            path.isEmpty() ? "/" : HealthRequest.decodePath(path))
        .rawQuery(req.getQueryString())
        .nativeRequest(req)
        .principal(req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName())
        // the endpoint reads three or four headers; copying them all cost a fifth of /health
        .headerLookup(name -> Collections.list(req.getHeaders(name)));
    AddressBlock.literal(req.getRemoteAddr()).ifPresent(request::remoteAddress);
    HealthResponse response = endpoint.handle(request.build());
    resp.setStatus(response.statusCode());
    response.headers().forEach(resp::setHeader);
    resp.setContentLength(response.bodyLength());
    if (!"HEAD".equals(req.getMethod())) {
      response.writeBody(resp.getOutputStream());
    }
  }
}
