package dev.runbook.health.http;

import static dev.runbook.health.http.AlertsAndAuditRoutesTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.QueueReport;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.queues.QueueTriage;
import dev.runbook.testkit.MutableClock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pause, resume, queues and drain: who may, and the audit trail of who tried. */
class OpsRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALICE = "tok-alice-0123456789abcdef";
  static final String ANON = "tok-plain-0123456789abcdef";
  static final String ALLOWED = "10.0.0.7";
  static final String STRANGER = "203.0.113.5";

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  final HealthRegistry registry = HealthRegistry.builder().clock(clock).build();
  final JobMonitor jobs = JobMonitor.builder().clock(clock).build();
  final AuditTrail audit = AuditTrail.builder().clock(clock).build();

  HealthEndpoint endpoint(Set<String> opsAdmins) {
    jobs.declare("ingest-tmdb", JobPolicy.defaults());
    QueueTriage triage = QueueTriage.builder().clock(clock).jobs(jobs).feeders("ingest-tmdb")
        .probe(new dev.runbook.core.QueueProbe() {
          @Override
          public String name() {
            return "table jobs";
          }

          @Override
          public QueueReport probe() {
            return new QueueReport(List.of(new QueueReport.Queue("ingest", 4L, null, null, 1L,
                0L)), List.of());
          }
        }).build();
    return HealthEndpoint.builder(registry).audit(audit)
        .gate(AccessGate.builder().allow(ALLOWED).bearerTokens("ops-alice:" + ALICE, ANON)
            .build())
        .pauseRoutes("jobs", jobs::pause, jobs::resume)
        .queues(triage, opsAdmins).build();
  }

  @AfterEach
  void close() {
    jobs.close();
    registry.close();
  }

  @Test
  void pauseAndResumeNeedACredentialAndAreAudited() throws Exception {
    HealthEndpoint e = endpoint(Set.of());
    assertThat(get(e, "POST", "/health/jobs/ingest-tmdb/pause", STRANGER).statusCode())
        .isEqualTo(401);
    assertThat(get(e, "POST", "/health/jobs/ingest-tmdb/pause", ALLOWED).statusCode())
        .isEqualTo(403);
    assertThat(jobs.pausedJobs()).isEmpty();
    HealthResponse paused = get(e, "POST", "/health/jobs/ingest-tmdb/pause", STRANGER,
        "Authorization", "Bearer " + ANON);
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(paused.bodyText()).isEqualTo("{\"paused\":\"jobs/ingest-tmdb\"}");
    assertThat(jobs.pausedJobs()).containsExactly("ingest-tmdb");
    assertThat(get(e, "POST", "/health/jobs/nope/pause", STRANGER, "Authorization",
        "Bearer " + ANON).statusCode()).isEqualTo(404);
    assertThat(get(e, "GET", "/health/jobs/ingest-tmdb/resume", STRANGER, "Authorization",
        "Bearer " + ANON).statusCode()).isEqualTo(405);
    assertThat(get(e, "POST", "/health/jobs/ingest-tmdb/resume", STRANGER, "Authorization",
        "Bearer " + ANON).bodyText()).isEqualTo("{\"resumed\":\"jobs/ingest-tmdb\"}");
    assertThat(jobs.pausedJobs()).isEmpty();
    assertThat(audit.events(null, 10)).extracting(AuditTrail.Event::reason).containsExactly(
        "resume jobs/ingest-tmdb", "pause jobs/ingest-tmdb", "address only", "no credential");
  }

  @Test
  void queuesAndDrainFollowTheOperationsAllowlist() throws Exception {
    HealthEndpoint e = endpoint(Set.of("ops-alice"));
    assertThat(get(e, "GET", "/health/queues", STRANGER).statusCode()).isEqualTo(401);
    assertThat(get(e, "GET", "/health/queues", ALLOWED).statusCode())
        .as("an allowlisted address without a credential").isEqualTo(403);
    HealthResponse unnamed = get(e, "GET", "/health/queues", STRANGER, "Authorization",
        "Bearer " + ANON);
    assertThat(unnamed.statusCode()).as("a token the allowlist does not name").isEqualTo(403);
    assertThat(unnamed.bodyText()).contains("OPS_ADMIN_ALLOWLIST");

    HealthResponse queues = get(e, "GET", "/health/queues", STRANGER, "Authorization",
        "Bearer " + ALICE);
    assertThat(queues.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(queues.bodyText());
    assertThat(body.get("status").asText()).isEqualTo("online");
    assertThat(body.at("/queues/0/size").asLong()).isEqualTo(4);
    assertThat(body.at("/scheduler/scheduled_jobs").asLong()).isZero();

    JsonNode drained = JSON.readTree(get(e, "POST", "/health/queues/drain", STRANGER,
        "Authorization", "Bearer " + ALICE).bodyText());
    assertThat(drained.at("/drain/paused_jobs/0").asText()).isEqualTo("ingest-tmdb");
    assertThat(drained.at("/drain/remaining").asLong()).isEqualTo(5);
    assertThat(jobs.pausedJobs()).containsExactly("ingest-tmdb");
    get(e, "POST", "/health/queues/resume", STRANGER, "Authorization", "Bearer " + ALICE);
    assertThat(jobs.pausedJobs()).isEmpty();
    assertThat(audit.events(null, 10)).extracting(AuditTrail.Event::reason).containsExactly(
        "resume queues", "drain queues", "not in the operations allowlist", "address only",
        "no credential");
  }
}
