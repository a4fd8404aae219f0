package dev.runbook.health.http;

import dev.runbook.core.Status;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.HealthReport;
import dev.runbook.health.internal.PayloadWriter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health HTTP protocol, independent of any server: a {@link HealthRequest} in, a {@link
 * HealthResponse} out. Adapters ({@link HealthHttpServer}, {@link HealthHttpHandler}, {@link
 * HealthServlet}) only translate.
 *
 * <p>Routes, under a configurable base path:
 *
 * <ul>
 *   <li>{@code GET /ping}: the liveness group; {@code {"status":"ok"}} while the process serves.
 *   <li>{@code GET /health}: the readiness group.
 *   <li>{@code GET /health/{group}}: any other group; 404 with a JSON error if there is none.
 * </ul>
 *
 * <p>{@code HEAD} answers like {@code GET} without a body; other methods get 405. Callers the
 * {@link AccessGate} does not authorise see only the status; {@code ok} and {@code degraded}
 * answer 200 and {@code down} 503 unless {@link Builder#statusCode configured}. Every answer
 * carries {@code Cache-Control: no-store}.
 */
public final class HealthEndpoint {

  private static final String ALLOWED = "GET, HEAD";

  private final HealthRegistry registry;
  private final AccessGate gate;
  private final String basePath;
  private final Map<Status, Integer> statusCodes;
  private final PayloadWriter writer = new PayloadWriter();

  private HealthEndpoint(Builder b) {
    this.registry = b.registry;
    this.gate = b.gate;
    this.basePath = b.basePath;
    this.statusCodes = new EnumMap<>(b.statusCodes);
  }

  public static Builder builder(HealthRegistry registry) {
    return new Builder(registry);
  }

  public AccessGate gate() {
    return gate;
  }

  public String basePath() {
    return basePath;
  }

  /** Answers one request. Never throws for anything a client sends. */
  public HealthResponse handle(HealthRequest request) {
    String path = request.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.startsWith(basePath)) {
      return error(404, "no health route at " + request.path());
    }
    String route = path.substring(basePath.length());
    String group;
    if (route.equals("/ping")) {
      group = CheckOptions.LIVENESS;
    } else if (route.equals("/health")) {
      group = CheckOptions.READINESS;
    } else if (route.startsWith("/health/") && route.indexOf('/', 8) < 0) {
      group = route.substring(8);
    } else {
      return error(404, "no health route at " + request.path());
    }
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      Map<String, String> headers = baseHeaders("application/json");
      headers.put("Allow", ALLOWED);
      return new HealthResponse(405, headers,
          writer.error("method " + request.method() + " is not allowed here; use GET or HEAD"));
    }
    PayloadFormat format;
    String formatParameter = request.queryParameter("format").orElse(null);
    if (formatParameter != null) {
      format = PayloadFormat.fromParameter(formatParameter).orElse(null);
      if (format == null) {
        return error(400, "format \"" + formatParameter
            + "\" is not one of native, ietf, microprofile");
      }
    } else {
      format = PayloadFormat.fromAccept(request.header("Accept").orElse(null));
    }
    if (!registry.groups().contains(group)) {
      return error(404, "no health group named \"" + group + "\"");
    }
    HealthReport report;
    try {
      report = registry.report(group);
    } catch (IllegalStateException closed) {
      return error(503, "the health registry is closed");
    }
    boolean details = gate.access(request).mayReadDetails();
    return new HealthResponse(statusCodes.get(report.status()),
        baseHeaders(format.contentType()), writer.write(report, format, details));
  }

  private HealthResponse error(int code, String message) {
    return new HealthResponse(code, baseHeaders("application/json"), writer.error(message));
  }

  private static Map<String, String> baseHeaders(String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Cache-Control", "no-store");
    headers.put("X-Content-Type-Options", "nosniff");
    return headers;
  }

  /** Builds a {@link HealthEndpoint}. */
  public static final class Builder {
    private final HealthRegistry registry;
    private AccessGate gate = AccessGate.denyAll();
    private String basePath = "";
    private final Map<Status, Integer> statusCodes = new EnumMap<>(Status.class);

    private Builder(HealthRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry must not be null");
      statusCodes.put(Status.OK, 200);
      statusCodes.put(Status.DEGRADED, 200);
      statusCodes.put(Status.DOWN, 503);
    }

    /** Who sees details; default nobody. */
    public Builder gate(AccessGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate must not be null");
      return this;
    }

    /** A prefix for every route, e.g. {@code /ops} serves {@code /ops/health}; default none. */
    public Builder basePath(String basePath) {
      Objects.requireNonNull(basePath, "basePath must not be null");
      String p = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
      if (!p.isEmpty() && (!p.startsWith("/") || p.contains("?") || p.contains("#"))) {
        throw new IllegalArgumentException(
            "basePath \"" + basePath + "\" must start with '/' and hold no query, e.g. \"/ops\"");
      }
      this.basePath = p;
      return this;
    }

    /** The HTTP status for a given health status, 200 to 599. */
    public Builder statusCode(Status status, int code) {
      Objects.requireNonNull(status, "status must not be null");
      if (code < 200 || code > 599) {
        throw new IllegalArgumentException(
            "status code " + code + " for " + status + " is not an HTTP status from 200 to 599");
      }
      statusCodes.put(status, code);
      return this;
    }

    public HealthEndpoint build() {
      return new HealthEndpoint(this);
    }
  }
}
