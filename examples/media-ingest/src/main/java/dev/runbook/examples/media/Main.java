package dev.runbook.examples.media;

import dev.runbook.backup.BackupFreshnessCheck;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.core.Settings;
import dev.runbook.examples.support.BackupJobs;
import dev.runbook.examples.support.ServiceHttp;
import dev.runbook.examples.support.ServiceMain;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.Slf4jStatusListener;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.jdbc.DataSourceCheck;
import dev.runbook.jdbc.maintenance.MaintenanceTask;
import dev.runbook.jdbc.maintenance.TimestampFormat;
import dev.runbook.jdbc.postgres.PgDatabase;
import dev.runbook.jdbc.postgres.PostgresBackupSource;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * media-ingest: ingestion from four external sources, each behind its own circuit breaker.
 * {@code serve} (the default) runs the HTTP service and its jobs; the operator commands work on
 * the same {@code DATA_DIR} and {@code DATABASE_URL}, with SQLite or PostgreSQL.
 */
public final class Main implements ServiceMain.Service<Config> {

  static final String SERVICE = "media-ingest";
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return new ServiceMain<>(SERVICE, new Main()).run(args, out, err);
  }

  @Override
  public Config config(Settings settings) {
    return Config.from(settings);
  }

  @Override
  public BackupJobs backupJobs(Config config) {
    BackupSource database = config.postgres()
        ? PostgresBackupSource.builder("database", PgDatabase.fromJdbcUrl(config.databaseUrl()))
            .build()
        : SqliteBackupSource.builder("database", config.sqliteFile()).build();
    BackupRepository repo = BackupRepository.builder(config.backups()).service(SERVICE)
        .source(database).build();
    return new BackupJobs(repo, config.retention(), config.offsite());
  }

  @Override
  public void serve(Config config) throws Exception {
    Clock clock = Clock.systemUTC();
    Store store = new Store(config, clock);
    boolean anyFake = config.sourceUrls().values().stream().anyMatch(java.util.Optional::isEmpty);
    FakeUpstream fake = anyFake
        ? FakeUpstream.start(config.fakeFailures(), config.fakeRateLimited()) : null;

    IngestionSources sources = IngestionSources.builder().clock(clock)
        .settings(config.settings()).build();
    JobMonitor jobs = JobMonitor.builder().clock(clock)
        .failureThreshold(config.jobFailureThreshold()).build();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (Map.Entry<String, java.util.Optional<URI>> e : config.sourceUrls().entrySet()) {
      URI base = e.getValue().orElseGet(() -> fake.base(e.getKey()));
      Ingestor ingestor = new Ingestor(sources.register(e.getKey()), base, store, http);
      jobs.scheduleAtFixedRate("ingest-" + e.getKey(), ingestor::run, Duration.ofSeconds(1),
          config.ingestInterval(), JobPolicy.builder()
              .expectEvery(config.ingestInterval(), config.ingestInterval()).build());
    }

    MaintenanceTask previews = MaintenanceTask.prune(store.dataSource(), "search_previews",
            "created_at")
        .olderThan(config.previewTtl()).timestamps(TimestampFormat.EPOCH_MILLIS).clock(clock)
        .message("Pruned {count} expired external search previews").build();
    MaintenanceTask payloads = MaintenanceTask.scrub(store.dataSource(), "media_items",
            "ingested_at", "payload")
        .olderThan(Duration.ofDays(config.payloadRetentionDays()))
        .timestamps(TimestampFormat.EPOCH_MILLIS).clock(clock)
        .message("Scrubbed {count} ingestion payloads older than {days} days").build();
    // First runs 30 s after start, or sooner when the interval is shorter.
    Duration firstRetention = Duration.ofSeconds(30).compareTo(config.retentionInterval()) < 0
        ? Duration.ofSeconds(30) : config.retentionInterval();
    jobs.scheduleAtFixedRate("prune-previews", () -> unchecked(previews), firstRetention,
        config.retentionInterval(), JobPolicy.defaults());
    jobs.scheduleAtFixedRate("scrub-payloads", () -> unchecked(payloads), firstRetention,
        config.retentionInterval(), JobPolicy.defaults());

    BackupJobs backups = backupJobs(config);
    backups.schedule(jobs, config.backupInterval(), config.drillInterval());

    HealthRegistry registry = HealthRegistry.builder().service(SERVICE)
        .version(ServiceMain.version(Main.class))
        .clock(clock).listener(new Slf4jStatusListener()).build();
    registry.register("database", DataSourceCheck.of(store.dataSource()));
    registry.register("scheduler", jobs.healthCheck());
    registry.register(sources.section(), sources.healthCheck());
    registry.register("backup", BackupFreshnessCheck.of(backups.repository()),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(5)).build());

    HealthEndpoint endpoint = HealthEndpoint.builder(registry)
        .gate(config.gate())
        .resetRoute("jobs", jobs::reset)
        .resetRoute("sources", sources::reset)
        .build();
    ServiceHttp.serveUntilShutdown(SERVICE, config.bind(), config.port(), endpoint,
        Map.of("/media", new MediaServlet(store)),
        Map.of("database", config.postgres() ? "postgresql" : "sqlite",
            "data_dir", config.dataDir()),
        jobs, registry, store, fake);
  }

  private static void unchecked(MaintenanceTask task) {
    try {
      task.run();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
