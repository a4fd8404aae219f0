package dev.runbook.examples.analytics;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.health.jobs.MonitoredJob;
import dev.runbook.jdbc.maintenance.MaintenanceTask;
import dev.runbook.jdbc.maintenance.TimestampFormat;
import dev.runbook.jdbc.queues.JdbcJobTableProbe;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The ETL orchestrator and the stuck-job reaper, scheduled by Spring and recorded by runbook's job
 * monitor ({@code @MonitoredJob}), and the {@code etl} check: jobs by state and the reaper's last
 * run. The operator commands start the application with {@code analytics.schedules=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "analytics.schedules", matchIfMissing = true)
public class Etl {

  private final Jobs jobs;
  private final MaintenanceTask reaper;
  private final AtomicLong lastReaped = new AtomicLong();
  private final AtomicReference<Instant> lastReapAt = new AtomicReference<>();

  public Etl(Jobs jobs, DataSource dataSource,
      @Value("${analytics.stuck-after}") Duration stuckAfter) {
    this.jobs = jobs;
    this.reaper = MaintenanceTask.reap(dataSource, "jobs", "state", "updated_at")
        .from("processing").to("queued").olderThan(stuckAfter)
        .timestamps(TimestampFormat.EPOCH_MILLIS)
        .message("Reset {count} ETL jobs stuck in {from} for over {age} to {to}").build();
  }

  /** Runs the next queued job (the work itself is the service's own; here it completes). */
  @Scheduled(fixedDelayString = "${analytics.etl-interval}")
  @MonitoredJob(name = "etl-orchestrator", failureThreshold = 3)
  public void orchestrate() {
    jobs.claim().ifPresent(jobs::finish);
  }

  /** Puts jobs stuck in processing back in the queue, after {@code analytics.stuck-after}. */
  @Scheduled(fixedRateString = "${analytics.reaper-interval}")
  @MonitoredJob(name = "stuck-job-reaper")
  public void reap() throws SQLException {
    lastReaped.set(reaper.run());
    lastReapAt.set(Instant.now());
  }

  /**
   * The {@code jobs} table as the ETL queue for {@code /health/queues}: {@code queued} waiting,
   * {@code processing} started, {@code failed}; {@code done} is not work.
   */
  @Bean
  public JdbcJobTableProbe etlQueueProbe(DataSource dataSource) {
    return JdbcJobTableProbe.builder(dataSource, "jobs").name("jobs table").queue("etl")
        .statusColumn("state").waiting("queued").started("processing").failed("failed").build();
  }

  /** {@code etl}: the jobs by state and what the reaper last did. */
  @Bean
  public HealthCheck etlCheck() {
    return () -> {
      Map<String, Object> details = new LinkedHashMap<>(jobs.counts());
      details.put("last_reaped_rows", lastReaped.get());
      Instant at = lastReapAt.get();
      if (at != null) {
        details.put("last_reaped_at", at.toString());
      }
      return CheckResult.ok(details);
    };
  }
}
