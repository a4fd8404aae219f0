package dev.runbook.examples.support;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.alerts.AlertBook;
import dev.runbook.health.alerts.AlertSettings;
import dev.runbook.health.alerts.AlertWatch;
import dev.runbook.health.http.AuditTrail;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.slo.RequestSlis;
import dev.runbook.health.slo.SloSection;
import dev.runbook.health.slo.SloSettings;
import dev.runbook.health.sources.IngestionSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The examples' SLOs, alerts and audit trail, from settings: request SLIs by route group, the
 * {@code slo} section ({@code /health/slo}), an {@link AlertBook} writing {@code
 * DATA_DIR/alerts.jsonl} (and a webhook and e-mail when set), the {@code alerts} check, the
 * {@link AlertWatch} over checks, jobs, circuits and SLOs, and the {@link AuditTrail} ({@code
 * AUDIT_FILE} appends it to a file).
 *
 * <p>With no {@code SLO_*} target set, the examples use the runbook's table: availability 99.5 %
 * (warning below 99, critical below 98), p95 latency 500 ms (800, 1500), error rate 1 % (2, 5).
 */
public final class ServiceAlerts implements AutoCloseable {

  /** The runbook's SLO table, used when no SLO target is set. */
  public static final Map<String, String> RUNBOOK_SLOS = Map.of("SLO_AVAILABILITY", "99.5%",
      "SLO_LATENCY_P95", "500ms", "SLO_ERROR_RATE", "1%");

  private final RequestSlis slis;
  private final Optional<SloSection> slo;
  private final AlertBook book;
  private final AuditTrail audit;
  private final Duration interval;
  private AlertWatch watch;

  private ServiceAlerts(RequestSlis slis, Optional<SloSection> slo, AlertBook book,
      AuditTrail audit, Duration interval) {
    this.slis = slis;
    this.slo = slo;
    this.book = book;
    this.audit = audit;
    this.interval = interval;
  }

  /**
   * Reads every setting; {@code dataDir} must exist.
   *
   * @param routeGroups the service's default {@code SLO_ROUTE_GROUPS}, e.g. {@code
   *     api=/books, api=/loans}
   */
  public static ServiceAlerts fromSettings(Settings settings, String service, Path dataDir,
      String routeGroups, Clock clock) {
    Settings slos = sloSettings(settings, routeGroups);
    RequestSlis slis = SloSettings.requestSlis(slos, clock);
    Optional<SloSection> section = SloSettings.section(slos, slis);
    AlertBook book = AlertSettings.book(settings, service, dataDir.resolve("alerts.jsonl"), clock);
    return new ServiceAlerts(slis, section, book, auditTrail(settings, clock),
        AlertSettings.interval(settings));
  }

  /**
   * Reads every SLO, alert and audit setting as {@link #fromSettings} does, starting nothing, so
   * a bad one stops the start before anything runs.
   *
   * @throws SettingsException naming the setting
   */
  public static void check(Settings settings, String routeGroups) {
    Settings slos = sloSettings(settings, routeGroups);
    SloSettings.section(slos, SloSettings.requestSlis(slos, Clock.systemUTC()));
    AlertSettings.file(settings, null);
    AlertSettings.interval(settings);
    auditTrail(settings, Clock.systemUTC());
    // the channels are built, not used: a webhook or mail setting is checked the same way
    AlertSettings.book(settings, "check", null, Clock.systemUTC());
  }

  /** The audit trail, appended to {@code AUDIT_FILE} when set (its folder must exist). */
  private static AuditTrail auditTrail(Settings settings, Clock clock) {
    AuditTrail.Builder audit = AuditTrail.builder().clock(clock);
    settings.string("AUDIT_FILE").map(Path::of).ifPresent(audit::file);
    try {
      return audit.build();
    } catch (IllegalArgumentException e) {
      throw new SettingsException("AUDIT_FILE", "AUDIT_FILE: " + e.getMessage(), null);
    }
  }

  /** The SLO settings with the runbook's targets and the service's route groups as defaults. */
  static Settings sloSettings(Settings settings, String routeGroups) {
    Map<String, String> merged = new LinkedHashMap<>();
    boolean anyTarget = settings.namesStartingWith("SLO_").stream()
        .anyMatch(n -> List.of("SLO_AVAILABILITY", "SLO_ERROR_RATE").contains(n)
            || n.matches("SLO_LATENCY_P\\d+"));
    if (!anyTarget) {
      merged.putAll(RUNBOOK_SLOS);
    }
    if (routeGroups != null) {
      merged.put("SLO_ROUTE_GROUPS", routeGroups);
    }
    for (String name : settings.namesStartingWith("SLO_")) {
      merged.put(name, settings.string(name).orElseThrow());
    }
    return Settings.of(merged);
  }

  public RequestSlis slis() {
    return slis;
  }

  public AlertBook book() {
    return book;
  }

  /**
   * Registers {@code slo} (groups readiness and slo: degraded at warning, down at critical only
   * with {@code SLO_CRITICAL_IS_DOWN}) and {@code alerts} (non-critical).
   */
  public void register(HealthRegistry registry) {
    slo.ifPresent(section -> registry.register("slo", section, CheckOptions.builder()
        .groups(CheckOptions.READINESS, "slo").build()));
    registry.register("alerts", book.healthCheck(),
        CheckOptions.builder().critical(false).build());
  }

  /** Adds {@code /health/alerts} and the audit trail to an endpoint. */
  public HealthEndpoint.Builder endpoint(HealthEndpoint.Builder endpoint) {
    return endpoint.alerts(book).audit(audit);
  }

  /**
   * Starts judging every check (but {@code scheduler}, {@code alerts} and {@code slo}, watched
   * in detail), every job, every circuit and every SLO, every {@code ALERTS_INTERVAL}.
   */
  public void watch(HealthRegistry registry, JobMonitor jobs, IngestionSources sources) {
    AlertWatch.Builder b = AlertWatch.builder(book)
        .checks(registry, "scheduler", "alerts", "slo", sources.section())
        .jobs(jobs).sources(sources).interval(interval);
    slo.ifPresent(b::slos);
    watch = b.build().start();
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
