package dev.runbook.examples.analytics;

import dev.runbook.core.CheckResult;
import dev.runbook.health.Check;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The web API: queue a job, read one; and the {@code engines} health group's database check. */
@RestController
public class Api {

  private final Jobs jobs;
  private final DataSource dataSource;

  public Api(Jobs jobs, DataSource dataSource) {
    this.jobs = jobs;
    this.dataSource = dataSource;
  }

  @PostMapping("/api/jobs")
  public Map<String, Object> enqueue(@RequestBody Map<String, String> body) {
    String kind = body.getOrDefault("kind", "").strip();
    if (!kind.matches("[a-z0-9_-]{1,40}")) {
      throw new IllegalArgumentException("kind \"" + kind + "\" is not a job kind: 1 to 40"
          + " lower-case letters, digits, '_' or '-'");
    }
    return Map.of("id", jobs.enqueue(kind), "state", "queued");
  }

  @GetMapping("/api/jobs/{id}")
  public ResponseEntity<Map<String, Object>> job(@PathVariable("id") long id) {
    return jobs.find(id).map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", "no job " + id)));
  }

  /** The warehouse database, in /health and in the engines route, /health/engines. */
  @Check(name = "warehouse", groups = {"readiness", "engines"})
  public CheckResult warehouse() throws Exception {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return CheckResult.ok(Map.of("engine", c.getMetaData().getDatabaseProductName(),
          "engine_version", c.getMetaData().getDatabaseProductVersion()));
    }
  }

  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }
}
