package dev.runbook.examples.media;

import dev.runbook.backup.BackupFreshnessCheck;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.BackupTasks;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreTarget;
import dev.runbook.core.Redactor;
import dev.runbook.core.Settings;
import dev.runbook.examples.support.ServiceAlerts;
import dev.runbook.examples.support.ServiceHttp;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.Slf4jStatusListener;
import dev.runbook.health.checks.CredentialVaultCheck;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.queues.OpsCommandLine;
import dev.runbook.health.queues.QueueTriage;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.jdbc.DataSourceCheck;
import dev.runbook.jdbc.lease.ShedLockLeases;
import dev.runbook.jdbc.maintenance.MaintenanceTask;
import dev.runbook.jdbc.maintenance.TimestampFormat;
import dev.runbook.jdbc.postgres.PgDatabase;
import dev.runbook.jdbc.postgres.PgTools;
import dev.runbook.jdbc.postgres.PostgresBackupSource;
import dev.runbook.jdbc.postgres.PostgresRestoreTarget;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import dev.runbook.jdbc.sqlite.SqliteRestoreTarget;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * media-ingest: ingestion from four external sources, each behind its own circuit breaker.
 * {@code serve} (the default) runs the HTTP service and its jobs; the operator commands work on
 * the same {@code DATA_DIR} and {@code DATABASE_URL}, with SQLite or PostgreSQL.
 */
public final class Main {

  static final String SERVICE = "media-ingest";
  static final String USAGE = "usage: java -jar media-ingest.jar [serve | backup | list"
      + " | verify <id|dir> | restore-verify <id|dir> | restore <id> --confirm <id>"
      + " | prune [--dry-run] | sync | pause <job> | resume <job> | queues | drain [--wait]]"
      + " [--json]\n"
      + "settings come from the environment; see examples/media-ingest/README.md";
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /**
   * Reads every setting first (a bad one: one line, exit 2, nothing started), then serves or runs
   * an operator command. Exit codes: 0 done, 1 failed, 2 usage or configuration.
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    String command = args.isEmpty() ? "serve" : args.get(0);
    Config config;
    try {
      config = Config.from(Settings.fromEnvironment());
    } catch (IllegalArgumentException e) {
      err.println(SERVICE + ": " + Redactor.defaults().redact(e));
      return BackupCommandLine.USAGE;
    }
    if (command.equals("serve")) {
      try {
        serve(config);
        return 0;
      } catch (Exception e) {
        String error = Redactor.defaults().redact(e);
        err.println(SERVICE + ": could not start: " + error);
        LOG.atError().setMessage("start_failed").addKeyValue("error", error).log();
        return BackupCommandLine.FAILED;
      }
    }
    if (OpsCommandLine.COMMANDS.contains(command)) {
      // beside the running service: pauses through DATA_DIR/paused-jobs.json, queues from the
      // database it uses
      try (Store store = new Store(config, Clock.systemUTC());
          PageQueue pages = pageQueue(config, store);
          JobMonitor jobs = JobMonitor.builder().pauseFile(config.pauseFile()).build()) {
        jobNames().forEach(name -> jobs.declare(name, JobPolicy.defaults()));
        return new OpsCommandLine(jobs, queueTriage(config, pages.probe(), jobs,
            Clock.systemUTC()), Duration.ofMinutes(30), Duration.ofSeconds(2))
            .run(args, out, err);
      } catch (Exception e) {
        err.println(SERVICE + ": " + command + " failed: " + Redactor.defaults().redact(e));
        return BackupCommandLine.FAILED;
      }
    }
    if (BackupCommandLine.commands().contains(command)) {
      BackupTasks backups = backupTasks(config);
      RestoreTarget database = config.postgres()
          ? PostgresRestoreTarget.of("database", PgDatabase.fromJdbcUrl(config.databaseUrl()),
              PgTools.onPath().timeLimit(config.toolTimeout()))
          : SqliteRestoreTarget.of("database", config.sqliteFile());
      return new BackupCommandLine(backups.repository(), backups.retention(),
          backups.offsite().orElse(null), List.of(database)).run(args, out, err);
    }
    if (List.of("help", "--help", "-h").contains(command)) {
      out.println(USAGE);
      return 0;
    }
    err.println(SERVICE + ": unknown command \"" + command + "\"\n" + USAGE);
    return BackupCommandLine.USAGE;
  }

  static BackupTasks backupTasks(Config config) {
    // pg_dump and pg_restore run under BACKUP_TOOL_TIMEOUT; a hung one is killed
    BackupSource database = config.postgres()
        ? PostgresBackupSource.builder("database", PgDatabase.fromJdbcUrl(config.databaseUrl()))
            .tools(PgTools.onPath().timeLimit(config.toolTimeout())).build()
        : SqliteBackupSource.builder("database", config.sqliteFile()).build();
    BackupRepository repo = BackupRepository.builder(config.backups()).service(SERVICE)
        .source(database).scratch(config.drillScratch().orElse(config.backups()))
        .encryption(config.encryption()).build();
    return BackupTasks.of(repo, config.retention(), config.offsite().orElse(null));
  }

  /** Serves until the JVM stops, then closes everything in the reverse order of opening. */
  static void serve(Config config) throws Exception {
    Clock clock = Clock.systemUTC();
    Store store = new Store(config, clock);
    boolean anyFake = config.sourceUrls().values().stream().anyMatch(java.util.Optional::isEmpty);
    FakeUpstream fake = anyFake
        ? FakeUpstream.start(config.fakeFailures(), config.fakeRateLimited()) : null;

    IngestionSources sources = IngestionSources.builder().clock(clock)
        .settings(config.settings()).build();
    // With PostgreSQL, replicas may share the database: the retention and backup jobs then take a
    // lease there and run on one node a period. SQLite lives on one host; nothing to share.
    ShedLockLeases leases = config.postgres()
        ? ShedLockLeases.builder(store.dataSource()).build().createTable() : null;
    JobMonitor.Builder monitor = JobMonitor.builder().clock(clock)
        .failureThreshold(config.jobFailureThreshold()).pauseFile(config.pauseFile());
    if (leases != null) {
      monitor.leases(leases);
    }
    JobMonitor jobs = monitor.build();
    PageQueue pages = pageQueue(config, store);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (Map.Entry<String, java.util.Optional<URI>> e : config.sourceUrls().entrySet()) {
      URI base = e.getValue().orElseGet(() -> fake.base(e.getKey()));
      Ingestor ingestor = new Ingestor(sources.register(e.getKey()), base, pages, http);
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
        config.retentionInterval(), singleton(leases, config.retentionInterval()));
    jobs.scheduleAtFixedRate("scrub-payloads", () -> unchecked(payloads), firstRetention,
        config.retentionInterval(), singleton(leases, config.retentionInterval()));
    jobs.scheduleWithFixedDelay("ingest-worker", new IngestWorker(store, pages, leases == null
        ? "worker-1" : leases.node()), Duration.ofSeconds(1), config.workerInterval(),
        JobPolicy.defaults());

    BackupTasks backups = backupTasks(config);
    // nightly-backup, restore-verify-drill and backup-retention; a run that finds the repository
    // busy (an operator's command) is retried a minute later
    backups.jobs(config.backupInterval(), config.drillInterval()).forEach(spec -> {
      if (leases != null) {
        jobs.scheduleSingleton(spec, config.toolTimeout());
      } else {
        jobs.schedule(spec);
      }
    });

    java.nio.file.Files.createDirectories(config.dataDir());
    ServiceAlerts alerts = ServiceAlerts.fromSettings(config.settings(), SERVICE,
        config.dataDir(), Config.ROUTE_GROUPS, clock);

    HealthRegistry registry = HealthRegistry.builder().service(SERVICE)
        .version(version())
        .clock(clock).listener(new Slf4jStatusListener()).build();
    registry.register("database", DataSourceCheck.of(store.dataSource()));
    registry.register("scheduler", jobs.healthCheck());
    registry.register(sources.section(), sources.healthCheck());
    registry.register("backup", BackupFreshnessCheck.of(backups.repository()),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(5)).build());
    alerts.register(registry);

    QueueTriage triage = queueTriage(config, pages.probe(), jobs, clock);
    HealthEndpoint endpoint = alerts.endpoint(HealthEndpoint.builder(registry))
        .pauseRoutes("jobs", jobs::pause, jobs::resume)
        .queues(triage, config.opsAdmins())
        .gate(config.gate())
        .formats(config.formats())
        .resetRoute("jobs", jobs::reset)
        .resetRoute("sources", sources::reset)
        .build();
    Server server = ServiceHttp.server(SERVICE, config.bind(), config.port(), endpoint,
        Map.of("/media", new MediaServlet(store)), alerts.slis());
    ServiceHttp.start(server, config.bind(), config.port());
    alerts.watch(registry, jobs, sources);
    LOG.atInfo().setMessage("started").addKeyValue("service", SERVICE)
        .addKeyValue("url", "http://" + config.bind() + ":" + ServiceHttp.port(server))
        .addKeyValue("database", config.postgres() ? "postgresql" : "sqlite")
        .addKeyValue("data_dir", config.dataDir()).log();
    // At shutdown: stop taking requests, let running jobs finish (JobMonitor.close waits), then
    // close what they use.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> ServiceHttp.closeAll(server::stop, alerts, jobs, registry, pages, store, fake),
        SERVICE + "-shutdown"));
    server.join();
  }

  /** The ingest queue: RabbitMQ when {@code AMQP_URL} is set, else the database's table. */
  static PageQueue pageQueue(Config config, Store store) throws Exception {
    if (config.amqpUrl().isEmpty()) {
      return new TablePages(store);
    }
    try {
      return new RabbitPages(config.amqpUrl().get(), config.amqpManagementUrl().orElse(null));
    } catch (Exception e) {
      URI u = config.amqpUrl().get();
      throw new IllegalStateException("RabbitMQ at AMQP_URL's " + u.getHost() + ":"
          + (u.getPort() < 0 ? 5672 : u.getPort()) + " cannot be used: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  /** Every job the service schedules, by name. */
  static List<String> jobNames() {
    List<String> names = new java.util.ArrayList<>();
    Config.SOURCES.keySet().forEach(s -> names.add("ingest-" + s));
    names.addAll(List.of("ingest-worker", "prune-previews", "scrub-payloads", "nightly-backup",
        "restore-verify-drill", "backup-retention"));
    return names;
  }

  /** A singleton policy when there are leases (each run's lease at most the period), else none. */
  private static JobPolicy singleton(ShedLockLeases leases, Duration period) {
    return leases == null ? JobPolicy.defaults() : JobPolicy.builder()
        .singleton(period, period.multipliedBy(9).dividedBy(10)).build();
  }

  /**
   * {@code /health/queues}: the ingest queue (its table) with its workers, the scheduler, the
   * credentials in {@code VAULT_CREDENTIALS}; drain pauses the {@code ingest-<source>} jobs.
   */
  static QueueTriage queueTriage(Config config, dev.runbook.core.QueueProbe pages,
      JobMonitor jobs, Clock clock) {
    QueueTriage.Builder triage = QueueTriage.builder().clock(clock).jobs(jobs).probe(pages)
        .feeders(Config.SOURCES.keySet().stream().map(s -> "ingest-" + s)
            .toArray(String[]::new));
    if (!config.vaultCredentials().isEmpty()) {
      triage.vault(CredentialVaultCheck.of(config.settings(), clock,
          config.vaultCredentials().toArray(new String[0])));
    }
    return triage.build();
  }

  private static void unchecked(MaintenanceTask task) {
    try {
      task.run();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The version in the jar's manifest, or {@code dev} when run from classes. */
  private static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
