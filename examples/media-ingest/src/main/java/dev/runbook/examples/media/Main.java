package dev.runbook.examples.media;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.backup.BackupFreshnessCheck;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.BackupSource;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.core.Settings;
import dev.runbook.examples.support.BackupJobs;
import dev.runbook.examples.support.JsonAnswers;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.Slf4jStatusListener;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.HealthHttpHandler;
import dev.runbook.health.http.HealthHttpServer;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * media-ingest: ingestion from four external sources, each behind its own circuit breaker.
 * {@code serve} (the default) runs the HTTP service and its jobs; the operator commands work on
 * the same {@code DATA_DIR} and {@code DATABASE_URL}, with SQLite or PostgreSQL.
 */
public final class Main {

  static final String SERVICE = "media-ingest";
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    String command = args.isEmpty() ? "serve" : args.get(0);
    Config config;
    try {
      config = Config.from(Settings.fromEnvironment());
    } catch (IllegalArgumentException e) {
      err.println(SERVICE + ": " + e.getMessage());
      return BackupCommandLine.USAGE;
    }
    if (command.equals("serve")) {
      try {
        serve(config);
        return 0;
      } catch (Exception e) {
        err.println(SERVICE + ": could not start: " + e.getMessage());
        LOG.atError().addKeyValue("event", "start_failed").setCause(e).log("start failed");
        return 1;
      }
    }
    if (BackupJobs.COMMANDS.contains(command)) {
      return backupJobs(config).command(command, args.subList(1, args.size()), out, err);
    }
    if (List.of("help", "--help", "-h").contains(command)) {
      out.println(usage());
      return 0;
    }
    err.println(SERVICE + ": unknown command \"" + command + "\"\n" + usage());
    return BackupCommandLine.USAGE;
  }

  static String usage() {
    return "usage: java -jar media-ingest.jar [serve | backup | list-backups | verify <id|dir>"
        + " | restore-verify <id|dir> | prune [--dry-run] | sync] [--json]\n"
        + "settings come from the environment; see examples/media-ingest/README.md";
  }

  static BackupJobs backupJobs(Config config) {
    BackupSource database = config.postgres()
        ? PostgresBackupSource.builder("database", PgDatabase.fromJdbcUrl(config.databaseUrl()))
            .build()
        : SqliteBackupSource.builder("database", config.sqliteFile()).build();
    BackupRepository repo = BackupRepository.builder(config.backups()).service(SERVICE)
        .source(database).build();
    return new BackupJobs(repo, config.retention(), config.offsite());
  }

  private static void serve(Config config) throws Exception {
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
    BackupRepository repo = backups.repository();
    jobs.scheduleAtFixedRate("nightly-backup", backups::backup, Duration.ofMinutes(1),
        config.backupInterval(), JobPolicy.builder()
            .expectEvery(config.backupInterval(), Duration.ofHours(2)).build());
    jobs.scheduleAtFixedRate("restore-verify-drill", backups::drill, Duration.ofMinutes(5),
        config.verifyInterval(), JobPolicy.builder().failureThreshold(1).build());
    jobs.scheduleAtFixedRate("backup-retention", backups::prune, Duration.ofMinutes(10),
        Duration.ofHours(24), JobPolicy.defaults());

    HealthRegistry registry = HealthRegistry.builder().service(SERVICE).version(version())
        .clock(clock).listener(new Slf4jStatusListener()).build();
    registry.register("database", DataSourceCheck.of(store.dataSource()));
    registry.register("scheduler", jobs.healthCheck());
    registry.register("ingestion", sources.healthCheck());
    registry.register("backup", BackupFreshnessCheck.of(repo),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(5)).build());

    HealthEndpoint endpoint = HealthEndpoint.builder(registry)
        .gate(AccessGate.fromSettings(config.settings()))
        .resetRoute("jobs", jobs::reset)
        .resetRoute("sources", sources::reset)
        .build();
    HealthHttpServer.enableNoDelay();
    HttpServer server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
    ExecutorService workers = Executors.newFixedThreadPool(8);
    HealthHttpHandler health = new HealthHttpHandler(endpoint);
    server.createContext("/ping", health);
    server.createContext("/health", health);
    server.createContext("/media", exchange -> {
      try (exchange) {
        if (!"GET".equals(exchange.getRequestMethod())) {
          JsonAnswers.send(exchange, 405, Map.of("error", "use GET /media"));
          return;
        }
        JsonAnswers.send(exchange, 200, Map.of("items", store.latest(50)));
      } catch (java.sql.SQLException e) {
        LOG.atError().addKeyValue("event", "request_failed").setCause(e).log("request failed");
        JsonAnswers.send(exchange, 500, Map.of("error", "internal error; see the service log"));
      }
    });
    server.setExecutor(workers);
    server.start();
    LOG.atInfo().addKeyValue("event", "started")
        .addKeyValue("database", config.postgres() ? "postgresql" : "sqlite")
        .addKeyValue("data_dir", config.dataDir())
        .log("media-ingest listening on http://{}:{}", config.bind(),
            server.getAddress().getPort());

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(1);
      workers.shutdownNow();
      jobs.close();
      registry.close();
      store.close();
      if (fake != null) {
        fake.close();
      }
      stopped.countDown();
    }, "media-ingest-shutdown"));
    stopped.await();
  }

  private static void unchecked(MaintenanceTask task) {
    try {
      task.run();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
