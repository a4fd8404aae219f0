package dev.runbook.health.http;

import dev.runbook.core.Redactor;
import dev.runbook.core.Status;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.CheckSnapshot;
import dev.runbook.health.HealthReport;
import dev.runbook.health.alerts.Alert;
import dev.runbook.health.alerts.AlertBook;
import dev.runbook.health.internal.PayloadWriter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health HTTP protocol, independent of any server: a {@link HealthRequest} in, a {@link
 * HealthResponse} out. Adapters ({@link HealthHttpServer}, {@link HealthHttpHandler}, {@link
 * dev.runbook.health.servlet.HealthServlet}) only translate.
 *
 * <p>Routes, under a configurable base path:
 *
 * <ul>
 *   <li>{@code GET /ping}: the liveness group; {@code {"status":"ok"}} while the process serves.
 *   <li>{@code GET /health}: the readiness group.
 *   <li>{@code GET /health/{group}}: any other group; 404 with a JSON error if there is none.
 *   <li>With {@link Builder#microProfilePaths}: {@code /health/live}, {@code /health/ready},
 *       {@code /health/started} and {@code /health/group/{name}}; with MicroProfile as the
 *       {@link Builder#defaultFormat default format}, {@code /health} reports liveness,
 *       readiness and startup together. With {@link Builder#kubernetesPaths}: {@code /livez}
 *       and {@code /readyz}. With {@link Builder#actuatorPaths}: {@code /actuator/health} and
 *       {@code /actuator/health/{group}}.
 *   <li>{@code POST /health/{collection}/{name}/reset}: for each {@link Builder#resetRoute reset
 *       route}, e.g. {@code /health/jobs/nightly-backup/reset}. Only a caller with a credential
 *       may use it: no access answers 401 (with {@code WWW-Authenticate: Bearer}), an allowlisted
 *       address alone 403, an unknown name 404 (only once the caller is authorised, so names do
 *       not leak), success 200 with {@code {"reset":"<collection>/<name>"}}. Every attempt is
 *       logged: {@code health_reset} (INFO) or {@code health_reset_refused} (WARN), with the
 *       client address, the proxy it came through, and the target with control characters
 *       escaped, and kept as an {@link AuditTrail} event. {@code POST
 *       /health/{collection}/{name}/pause} and {@code .../resume} ({@link Builder#pauseRoutes})
 *       work the same way.
 *   <li>{@code GET /health/alerts}: with {@link Builder#alerts}, the active alerts, the recent
 *       resolved ones and the failing channels, for callers who may read details (401 or 403
 *       otherwise, audited).
 *   <li>{@code GET /health/queues}, {@code POST /health/queues/drain} and {@code
 *       /health/queues/resume}: with {@link Builder#queues}, queue triage for a credential
 *       (narrowed by the operations allowlist), drains and resumes audited.
 *   <li>{@code GET /health/ui}: the operator's status page ({@link Builder#statusPage}), gated
 *       like the details, with a strict {@code Content-Security-Policy}.
 *   <li>{@code GET /health/audit?action=denied|accepted&limit=N}: the {@link AuditTrail}, newest
 *       first (default 100 events), for callers with a credential only.
 * </ul>
 *
 * <p>{@code HEAD} answers like {@code GET} without a body; other methods get 405. Callers the
 * {@link AccessGate} does not authorise see only the status; {@code ok} and {@code degraded}
 * answer 200 and {@code down} 503 unless {@link Builder#statusCode configured}; in MicroProfile's
 * format the code follows its own overall status. The format is chosen by {@code ?format=}, else
 * by {@code Accept} ({@link PayloadFormat#fromAccept(String, PayloadFormat)}). Every answer
 * carries {@code Cache-Control: no-store} and {@code Vary: Accept}.
 */
public final class HealthEndpoint {

  private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);
  private static final String ALLOWED = "GET, HEAD";

  private final HealthRegistry registry;
  private final AccessGate gate;
  private final Redactor redactor;
  private final String basePath;
  private final Map<Status, Integer> statusCodes;
  private final Map<String, StateReset> resets;
  private final PayloadFormat defaultFormat;
  private final boolean microProfilePaths;
  private final boolean kubernetesPaths;
  private final boolean actuatorPaths;
  private final PayloadWriter writer = new PayloadWriter();
  private final Map<RenderKey, Rendered> rendered = new java.util.concurrent.ConcurrentHashMap<>();
  private final AlertBook alerts;
  private final AuditTrail audit;
  private final dev.runbook.health.queues.QueueTriage queues;
  private final java.util.Set<String> opsAdmins;
  private final boolean statusPage;

  private HealthEndpoint(Builder b) {
    this.statusPage = b.statusPage;
    this.queues = b.queues;
    this.opsAdmins = java.util.Set.copyOf(b.opsAdmins);
    this.alerts = b.alerts;
    this.audit = b.audit != null ? b.audit
        : AuditTrail.builder().clock(b.registry.clock()).build();
    this.registry = b.registry;
    this.gate = b.gate;
    this.redactor = b.redactor;
    this.basePath = b.basePath;
    this.statusCodes = new EnumMap<>(b.statusCodes);
    this.resets = Map.copyOf(b.resets);
    this.defaultFormat = b.defaultFormat;
    this.microProfilePaths = b.microProfilePaths != null ? b.microProfilePaths
        : b.defaultFormat == PayloadFormat.MICROPROFILE;
    this.kubernetesPaths = b.kubernetesPaths;
    this.actuatorPaths = b.actuatorPaths;
  }

  /** The format an answer takes when neither {@code ?format=} nor {@code Accept} chooses. */
  public PayloadFormat defaultFormat() {
    return defaultFormat;
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

  /** Where this endpoint records refused and accepted requests. */
  public AuditTrail audit() {
    return audit;
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
    if (queues != null && (route.equals("/health/queues") || route.equals("/health/queues/drain")
        || route.equals("/health/queues/resume"))) {
      return queuesRoute(request, route.substring("/health/queues".length()));
    }
    for (String action : ACTIONS) {
      if (route.startsWith("/health/") && route.endsWith("/" + action)) {
        return change(request, route.substring(8, route.length() - action.length() - 1),
            action);
      }
    }
    if (route.equals("/health/audit")) {
      return auditRoute(request);
    }
    if (statusPage && route.equals("/health/ui")) {
      return statusPage(request);
    }
    if (alerts != null && route.equals("/health/alerts")) {
      return alertsRoute(request);
    }
    Target target = target(route);
    if (target == null) {
      return error(404, "no health route at " + request.path());
    }
    HealthResponse wrongMethod = getOnly(request);
    if (wrongMethod != null) {
      return wrongMethod;
    }
    PayloadFormat format;
    String formatParameter = request.queryParameter("format").orElse(null);
    if (formatParameter != null) {
      format = PayloadFormat.fromParameter(formatParameter).orElse(null);
      if (format == null) {
        return error(400, "format \"" + formatParameter
            + "\" is not one of native, ietf, microprofile, actuator");
      }
    } else {
      format = negotiate(request.header("Accept").orElse(null), target.format);
    }
    if (target.groups.size() == 1 && !registry.groups().contains(target.name)) {
      return error(404, "no health group named \"" + target.name + "\"");
    }
    HealthReport report;
    try {
      report = target.groups.size() == 1 ? registry.report(target.name)
          : registry.report(target.name, target.groups);
    } catch (IllegalStateException closed) {
      return error(503, "the health registry is closed");
    }
    AccessGate.Access access = gate.access(request);
    boolean details = access.mayReadDetails();
    if (access != AccessGate.Access.CREDENTIAL && request.header("Authorization").isPresent()) {
      audit(AuditTrail.Action.DENIED, request, "credential refused");
    }
    // MicroProfile's status is the conjunction of its checks; the code follows what it says
    Status shown = format == PayloadFormat.MICROPROFILE
        ? PayloadWriter.microProfileStatus(report) : report.status();
    return HealthResponse.shared(statusCodes.get(shown), PAYLOAD_HEADERS.get(format),
        render(target.name, report, format, details));
  }

  // Clients send the same few Accept headers again and again: each is parsed once.
  private static final int NEGOTIATED_MAX = 256;
  private final Map<PayloadFormat, Map<String, PayloadFormat>> negotiated = negotiatedCache();

  private static Map<PayloadFormat, Map<String, PayloadFormat>> negotiatedCache() {
    Map<PayloadFormat, Map<String, PayloadFormat>> all = new EnumMap<>(PayloadFormat.class);
    for (PayloadFormat format : PayloadFormat.values()) {
      all.put(format, new java.util.concurrent.ConcurrentHashMap<>());
    }
    return all;
  }

  private PayloadFormat negotiate(String accept, PayloadFormat preferred) {
    if (accept == null) {
      return preferred;
    }
    Map<String, PayloadFormat> known = negotiated.get(preferred);
    PayloadFormat format = known.get(accept);
    if (format == null) {
      format = PayloadFormat.fromAccept(accept, preferred);
      if (known.size() < NEGOTIATED_MAX && accept.length() <= 1024) {
        known.put(accept, format);
      }
    }
    return format;
  }

  /** What a route reports: a group, or several together, and the format it answers by default. */
  private static final class Target {
    final String name;
    final List<String> groups;
    final PayloadFormat format;

    Target(String name, List<String> groups, PayloadFormat format) {
      this.name = name;
      this.groups = groups;
      this.format = format;
    }
  }

  private static final List<String> STANDARD_GROUPS =
      List.of(CheckOptions.LIVENESS, CheckOptions.READINESS, CheckOptions.STARTUP);

  private Target group(String group, PayloadFormat format) {
    return new Target(group, List.of(group), format);
  }

  /** The route table; null for no route. */
  private Target target(String route) {
    if (route.equals("/ping")) {
      return group(CheckOptions.LIVENESS, defaultFormat);
    }
    if (route.equals("/health")) {
      return defaultFormat == PayloadFormat.MICROPROFILE && microProfilePaths
          ? new Target("health", STANDARD_GROUPS, defaultFormat)
          : group(CheckOptions.READINESS, defaultFormat);
    }
    if (microProfilePaths) {
      switch (route) {
        case "/health/live":
          return group(CheckOptions.LIVENESS, defaultFormat);
        case "/health/ready":
          return group(CheckOptions.READINESS, defaultFormat);
        case "/health/started":
          return group(CheckOptions.STARTUP, defaultFormat);
        default:
          if (route.startsWith("/health/group/") && route.indexOf('/', 14) < 0
              && route.length() > 14) {
            return group(route.substring(14), defaultFormat);
          }
      }
    }
    if (kubernetesPaths && route.equals("/livez")) {
      return group(CheckOptions.LIVENESS, defaultFormat);
    }
    if (kubernetesPaths && route.equals("/readyz")) {
      return group(CheckOptions.READINESS, defaultFormat);
    }
    if (actuatorPaths && route.equals("/actuator/health")) {
      return new Target("actuator", STANDARD_GROUPS, PayloadFormat.ACTUATOR);
    }
    if (actuatorPaths && route.startsWith("/actuator/health/")
        && route.indexOf('/', 17) < 0 && route.length() > 17) {
      return group(route.substring(17), PayloadFormat.ACTUATOR);
    }
    if (route.startsWith("/health/") && route.indexOf('/', 8) < 0 && route.length() > 8) {
      return group(route.substring(8), defaultFormat);
    }
    return null;
  }

  /**
   * The payload's bytes, reused while the report holds the very same check results as the one
   * last rendered for this group, format and audience: results are immutable and replaced when a
   * check runs again, so a cached {@code /health} costs about what a fixed answer costs.
   */
  private byte[] render(String group, HealthReport report, PayloadFormat format,
      boolean details) {
    RenderKey key = new RenderKey(group, format, details);
    Rendered last = rendered.get(key);
    if (last != null && last.matches(report)) {
      return last.body;
    }
    byte[] body = writer.write(report, format, details);
    rendered.put(key, new Rendered(report, body));
    return body;
  }

  private record RenderKey(String group, PayloadFormat format, boolean details) {}

  /** A payload and the report it was written from; compared by the results' identity. */
  private static final class Rendered {
    final HealthReport report;
    final byte[] body;

    Rendered(HealthReport report, byte[] body) {
      this.report = report;
      this.body = body;
    }

    boolean matches(HealthReport other) {
      List<CheckSnapshot> a = report.checks();
      List<CheckSnapshot> b = other.checks();
      if (a.size() != b.size() || !report.checkedAt().equals(other.checkedAt())
          || !java.util.Objects.equals(report.service(), other.service())) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) != b.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final Map<String, String> PAST = Map.of("reset", "reset", "pause", "paused",
      "resume", "resumed");

  /** The state-changing actions, each {@code POST /health/<collection>/<name>/<action>}. */
  private static final List<String> ACTIONS = List.of("reset", "pause", "resume");

  /** {@code target} is {@code <collection>/<name>}; {@code action} one of {@link #ACTIONS}. */
  private HealthResponse change(HealthRequest request, String target, String action) {
    int slash = target.indexOf('/');
    StateReset reset = slash < 0 ? null
        : resets.get(target.substring(0, slash) + "/" + action);
    String name = slash < 0 ? "" : target.substring(slash + 1);
    if (reset == null || name.isEmpty() || name.indexOf('/') >= 0) {
      return error(404, "no health route at " + request.path());
    }
    if (!request.method().equals("POST")) {
      return notAllowed(request, "POST");
    }
    AccessGate.Access access = gate.access(request);
    AccessGate.Caller caller = gate.caller(request);
    String logged = redactor.redact(target);
    if (!access.mayChangeState()) {
      boolean anonymous = access == AccessGate.Access.NONE;
      log.atWarn().setMessage("health_" + action + "_refused").addKeyValue("target", logged)
          .addKeyValue("client", caller.client()).addKeyValue("proxy", caller.proxy())
          .addKeyValue("reason", anonymous ? "no credential" : "address only").log();
      return refused(request, access, action.equals("reset") ? "resetting state"
          : "changing state (" + action + ")",
          "an allowlisted address may read details but not change state");
    }
    try {
      reset.reset(name);
    } catch (NoSuchElementException unknown) {
      return error(404, unknown.getMessage() == null ? "nothing named \"" + name + "\""
          : unknown.getMessage());
    } catch (RuntimeException e) {
      log.atError().setMessage("health_" + action + "_failed").addKeyValue("target", logged)
          .addKeyValue("error", redactor.redact(e)).log();
      return error(500, action + " of " + target + " failed; see the service log");
    }
    log.atInfo().setMessage("health_" + action).addKeyValue("target", logged)
        .addKeyValue("client", caller.client()).addKeyValue("proxy", caller.proxy()).log();
    audit(AuditTrail.Action.ACCEPTED, request, action + " " + logged);
    return new HealthResponse(200, baseHeaders("application/json"),
        writer.object(Map.of(PAST.get(action), target)));
  }

  /**
   * 401 (with {@code WWW-Authenticate}) for a caller without access, 403 for an allowlisted
   * address where a credential is needed; audited as denied either way.
   */
  private HealthResponse refused(HealthRequest request, AccessGate.Access access, String what,
      String addressOnly) {
    boolean anonymous = access == AccessGate.Access.NONE;
    audit(AuditTrail.Action.DENIED, request, anonymous
        ? request.header("Authorization").isPresent() ? "credential refused" : "no credential"
        : "address only");
    if (anonymous) {
      HealthResponse refused = error(401, what + " needs a credential; send"
          + " Authorization: Bearer <token> with a token from HEALTH_TOKENS");
      Map<String, String> headers = new LinkedHashMap<>(refused.headers());
      headers.put("WWW-Authenticate", "Bearer realm=\"runbook\"");
      return new HealthResponse(401, headers, refused.body());
    }
    return error(403, addressOnly + "; send Authorization: Bearer <token> with a token from"
        + " HEALTH_TOKENS");
  }

  private void audit(AuditTrail.Action action, HealthRequest request, String reason) {
    AccessGate.Caller caller = gate.caller(request);
    audit.record(action, caller.client(), caller.proxy(),
        redactor.redact(request.method() + " " + request.path()), reason);
  }

  /** Null for GET and HEAD; 405 for any other method. */
  private HealthResponse getOnly(HealthRequest request) {
    if (request.method().equals("GET") || request.method().equals("HEAD")) {
      return null;
    }
    return notAllowed(request, ALLOWED);
  }

  /** 405 with {@code Allow: allowed}. */
  private HealthResponse notAllowed(HealthRequest request, String allowed) {
    Map<String, String> headers = baseHeaders("application/json");
    headers.put("Allow", allowed);
    return new HealthResponse(405, headers, writer.error("method " + request.method()
        + " is not allowed here; use " + allowed.replace(", ", " or ")));
  }

  /**
   * {@code GET /health/queues}, {@code POST /health/queues/drain} and {@code .../resume}: a
   * credential only, narrowed to the operations allowlist when one is set; every refusal and every
   * drain or resume audited.
   */
  private HealthResponse queuesRoute(HealthRequest request, String action) {
    boolean change = !action.isEmpty();
    HealthResponse wrongMethod = change
        ? request.method().equals("POST") ? null : notAllowed(request, "POST")
        : getOnly(request);
    if (wrongMethod != null) {
      return wrongMethod;
    }
    AccessGate.Access access = gate.access(request);
    if (!access.mayChangeState()) {
      return refused(request, access, "queue triage",
          "an allowlisted address may read health details but not the queues");
    }
    if (!opsAdmins.isEmpty()) {
      java.util.Optional<String> who = gate.identity(request);
      if (who.isEmpty() || !opsAdmins.contains(who.get())) {
        audit(AuditTrail.Action.DENIED, request, "not in the operations allowlist");
        return error(403, "queue triage is limited to the operations allowlist"
            + " (OPS_ADMIN_ALLOWLIST): use a named token (name:token in HEALTH_TOKENS) or a"
            + " principal it lists");
      }
    }
    Map<String, Object> body;
    try {
      if (action.equals("/drain")) {
        body = queues.drain();
        audit(AuditTrail.Action.ACCEPTED, request, "drain queues");
        log.atInfo().setMessage("health_drain")
            .addKeyValue("client", gate.caller(request).client()).log();
      } else if (action.equals("/resume")) {
        body = queues.resume();
        audit(AuditTrail.Action.ACCEPTED, request, "resume queues");
        log.atInfo().setMessage("health_drain_resumed")
            .addKeyValue("client", gate.caller(request).client()).log();
      } else {
        body = queues.report();
      }
    } catch (RuntimeException e) {
      log.atError().setMessage("health_queues_failed").addKeyValue("action", action)
          .addKeyValue("error", redactor.redact(e)).log();
      return error(500, "queue triage failed; see the service log");
    }
    return new HealthResponse(200, baseHeaders("application/json"), writer.object(body));
  }

  /**
   * {@code /health/ui}: the status page, every check of every group; {@code ?format=json} gives
   * its title and main part for the page's own refresh.
   */
  private HealthResponse statusPage(HealthRequest request) {
    HealthResponse wrongMethod = getOnly(request);
    if (wrongMethod != null) {
      return wrongMethod;
    }
    boolean details = gate.access(request).mayReadDetails();
    HealthReport report;
    try {
      report = registry.report("ui", registry.groups());
    } catch (IllegalStateException closed) {
      return error(503, "the health registry is closed");
    }
    java.time.Instant now = registry.clock().instant();
    List<dev.runbook.health.alerts.Alert> active = alerts == null || !details ? null
        : alerts.active();
    List<dev.runbook.health.StatusChange> changes = details ? registry.recentChanges()
        : List.of();
    if ("json".equals(request.queryParameter("format").orElse(null))) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", report.status().wireName());
      body.put("title", StatusPage.title(report, details));
      body.put("html", StatusPage.main(report, details, active, changes, now));
      return new HealthResponse(200, baseHeaders("application/json"), writer.object(body));
    }
    Map<String, String> headers = baseHeaders("text/html; charset=utf-8");
    headers.put("Content-Security-Policy", StatusPage.CSP);
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Frame-Options", "DENY");
    return new HealthResponse(200, headers, StatusPage.page(report, details, active, changes, now)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code /health/alerts}: active alerts, recent history, failing channels. */
  private HealthResponse alertsRoute(HealthRequest request) {
    HealthResponse wrongMethod = getOnly(request);
    if (wrongMethod != null) {
      return wrongMethod;
    }
    AccessGate.Access access = gate.access(request);
    if (!access.mayReadDetails()) {
      return refused(request, access, "reading alerts", "");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("active", alerts.active().stream().map(Alert::fields).toList());
    body.put("history", alerts.history().stream().map(Alert::fields).toList());
    body.put("failing_channels", alerts.failingChannels());
    return new HealthResponse(200, baseHeaders("application/json"), writer.object(body));
  }

  /** {@code /health/audit}: the audit trail, for a credential only. */
  private HealthResponse auditRoute(HealthRequest request) {
    HealthResponse wrongMethod = getOnly(request);
    if (wrongMethod != null) {
      return wrongMethod;
    }
    AccessGate.Access access = gate.access(request);
    if (!access.mayChangeState()) {
      return refused(request, access, "reading the audit trail",
          "an allowlisted address may read details but not the audit trail");
    }
    String actionParameter = request.queryParameter("action").orElse(null);
    AuditTrail.Action action = null;
    if (actionParameter != null) {
      switch (actionParameter) {
        case "denied" -> action = AuditTrail.Action.DENIED;
        case "accepted" -> action = AuditTrail.Action.ACCEPTED;
        default -> {
          return error(400, "action must be denied or accepted");
        }
      }
    }
    int limit = 100;
    String limitParameter = request.queryParameter("limit").orElse(null);
    if (limitParameter != null) {
      try {
        limit = Integer.parseInt(limitParameter);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > audit.capacity()) {
        return error(400, "limit must be a whole number from 1 to " + audit.capacity());
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", audit.events(action, limit).stream().map(AuditTrail.Event::fields)
        .toList());
    return new HealthResponse(200, baseHeaders("application/json"), writer.object(body));
  }

  private HealthResponse error(int code, String message) {
    return new HealthResponse(code, baseHeaders("application/json"), writer.error(message));
  }

  // Built once: a payload answer's headers differ only by format.
  private static final Map<PayloadFormat, Map<String, String>> PAYLOAD_HEADERS = payloadHeaders();

  private static Map<PayloadFormat, Map<String, String>> payloadHeaders() {
    Map<PayloadFormat, Map<String, String>> all = new EnumMap<>(PayloadFormat.class);
    for (PayloadFormat format : PayloadFormat.values()) {
      all.put(format, java.util.Collections.unmodifiableMap(baseHeaders(format.contentType())));
    }
    return java.util.Collections.unmodifiableMap(all);
  }

  private static Map<String, String> baseHeaders(String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Cache-Control", "no-store");
    headers.put("Vary", "Accept");
    headers.put("X-Content-Type-Options", "nosniff");
    return headers;
  }

  /** Builds a {@link HealthEndpoint}. */
  public static final class Builder {
    private final HealthRegistry registry;
    private AccessGate gate = AccessGate.denyAll();
    private String basePath = "";
    private final Map<Status, Integer> statusCodes = new EnumMap<>(Status.class);
    private final Map<String, StateReset> resets = new LinkedHashMap<>();
    private Redactor redactor = Redactor.defaults();
    private PayloadFormat defaultFormat = PayloadFormat.NATIVE;
    private Boolean microProfilePaths;
    private boolean kubernetesPaths;
    private boolean actuatorPaths;
    private AlertBook alerts;
    private AuditTrail audit;
    private dev.runbook.health.queues.QueueTriage queues;
    private final java.util.Set<String> opsAdmins = new java.util.LinkedHashSet<>();
    private boolean statusPage = true;

    private Builder(HealthRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry must not be null");
      statusCodes.put(Status.OK, 200);
      statusCodes.put(Status.DEGRADED, 200);
      statusCodes.put(Status.DOWN, 503);
    }

    /** Masks secrets and escapes control characters in what the endpoint logs. */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
      return this;
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

    /**
     * Serves {@code POST /health/<collection>/<name>/reset} with {@code reset}, for callers with
     * a credential only.
     *
     * @throws IllegalArgumentException if {@code collection} is not a simple lower-case word or
     *     already has a route
     */
    public Builder resetRoute(String collection, StateReset reset) {
      Objects.requireNonNull(reset, "reset must not be null");
      return stateRoute(collection, "reset", reset);
    }

    /**
     * Serves {@code POST /health/<collection>/<name>/pause} and {@code .../resume}, for callers
     * with a credential only, audited: e.g. {@code pauseRoutes("jobs", jobs::pause,
     * jobs::resume)}.
     */
    public Builder pauseRoutes(String collection, StateReset pause, StateReset resume) {
      stateRoute(collection, "pause", Objects.requireNonNull(pause, "pause must not be null"));
      return stateRoute(collection, "resume",
          Objects.requireNonNull(resume, "resume must not be null"));
    }

    private Builder stateRoute(String collection, String action, StateReset handler) {
      if (collection == null || !collection.matches("[a-z0-9][a-z0-9_-]*")) {
        throw new IllegalArgumentException(action + " route collection \"" + collection
            + "\" is not valid; use a lower-case word such as \"jobs\" or \"sources\"");
      }
      if (resets.putIfAbsent(collection + "/" + action, handler) != null) {
        throw new IllegalArgumentException(action + " route \"" + collection
            + "\" was already set; set each collection once");
      }
      return this;
    }

    /**
     * The format when neither {@code ?format=} nor {@code Accept} chooses one; default {@link
     * PayloadFormat#NATIVE}. With {@link PayloadFormat#MICROPROFILE} the MicroProfile paths are
     * on and {@code /health} reports liveness, readiness and startup together, as the
     * specification says.
     */
    public Builder defaultFormat(PayloadFormat format) {
      this.defaultFormat = Objects.requireNonNull(format, "format must not be null");
      return this;
    }

    /** The default format and the probe paths, e.g. {@link EndpointFormats#fromSettings}. */
    public Builder formats(EndpointFormats formats) {
      Objects.requireNonNull(formats, "formats must not be null");
      defaultFormat(formats.defaultFormat());
      microProfilePaths(formats.microProfilePaths());
      kubernetesPaths(formats.kubernetesPaths());
      return actuatorPaths(formats.actuatorPaths());
    }

    /**
     * Serves MicroProfile's {@code /health/live}, {@code /health/ready}, {@code /health/started}
     * and {@code /health/group/{name}}; default on exactly when MicroProfile is the default
     * format. They answer in the default format unless the request chooses another.
     */
    public Builder microProfilePaths(boolean on) {
      this.microProfilePaths = on;
      return this;
    }

    /** Serves {@code /livez} (liveness) and {@code /readyz} (readiness); default off. */
    public Builder kubernetesPaths(boolean on) {
      this.kubernetesPaths = on;
      return this;
    }

    /**
     * Serves {@code /actuator/health} (liveness, readiness and startup together) and {@code
     * /actuator/health/{group}} in Actuator's format unless the request chooses another, for
     * probes and dashboards written for Spring Boot; default off.
     */
    public Builder actuatorPaths(boolean on) {
      this.actuatorPaths = on;
      return this;
    }

    /**
     * Serves {@code GET /health/queues} and {@code POST /health/queues/drain} and {@code
     * /resume} from {@code triage}, to callers with a credential; with {@code opsAdmins}, only to
     * those names (a named token's name, or a principal): {@code OPS_ADMIN_ALLOWLIST}.
     */
    public Builder queues(dev.runbook.health.queues.QueueTriage triage,
        java.util.Collection<String> opsAdmins) {
      this.queues = Objects.requireNonNull(triage, "triage must not be null");
      this.opsAdmins.addAll(opsAdmins);
      return this;
    }

    /**
     * Serves the status page at {@code GET /health/ui}: every check, job, circuit, backup, active
     * alert and recent status change for who may read details, the status alone for anyone else;
     * default on.
     */
    public Builder statusPage(boolean on) {
      this.statusPage = on;
      return this;
    }

    /** Serves {@code GET /health/alerts} from {@code book}; default no such route. */
    public Builder alerts(AlertBook book) {
      this.alerts = Objects.requireNonNull(book, "book must not be null");
      return this;
    }

    /**
     * Where audit events go; default an in-memory trail of 1000 events on the registry's clock,
     * which {@code GET /health/audit} answers.
     */
    public Builder audit(AuditTrail trail) {
      this.audit = Objects.requireNonNull(trail, "trail must not be null");
      return this;
    }

    public HealthEndpoint build() {
      return new HealthEndpoint(this);
    }
  }
}
