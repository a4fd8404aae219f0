package dev.runbook.examples.bibliotheca;

import dev.runbook.backup.BackupFreshnessCheck;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.BackupTasks;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.core.Redactor;
import dev.runbook.core.Settings;
import dev.runbook.examples.support.ServiceAlerts;
import dev.runbook.examples.support.ServiceHttp;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.Slf4jStatusListener;
import dev.runbook.health.checks.DiskSpaceCheck;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.jdbc.DataSourceCheck;
import dev.runbook.jdbc.SqliteCheck;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import dev.runbook.jdbc.sqlite.SqliteRestoreTarget;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bibliotheca: a lending library on one host. {@code serve} (the default) runs the HTTP service
 * and its jobs; {@code backup}, {@code list}, {@code verify}, {@code restore-verify},
 * {@code prune} and {@code sync} are the operator commands, on the same {@code DATA_DIR}, safe to
 * run while {@code serve} runs.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final String SERVICE = "bibliotheca";
  static final String USAGE = "usage: java -jar bibliotheca.jar [serve | backup | list"
      + " | verify <id|dir> | restore-verify <id|dir> | restore <id> --confirm <id>"
      + " | prune [--dry-run] | sync] [--json]\n"
      + "settings come from the environment; see examples/bibliotheca/README.md";

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
    if (BackupCommandLine.commands().contains(command)) {
      BackupTasks backups = backupTasks(config);
      // restore writes into the live database through SQLite's backup API: the service may keep
      // running, its connections wait for the restore and then see the restored data
      return new BackupCommandLine(backups.repository(), backups.retention(),
          backups.offsite().orElse(null),
          List.of(SqliteRestoreTarget.of("database", config.database()))).run(args, out, err);
    }
    if (List.of("help", "--help", "-h").contains(command)) {
      out.println(USAGE);
      return 0;
    }
    err.println(SERVICE + ": unknown command \"" + command + "\"\n" + USAGE);
    return BackupCommandLine.USAGE;
  }

  static BackupTasks backupTasks(Config config) {
    BackupRepository repo = BackupRepository.builder(config.backups())
        .service(SERVICE)
        .source(SqliteBackupSource.builder("database", config.database()).build())
        .scratch(config.drillScratch().orElse(config.backups()))
        .encryption(config.encryption())
        .build();
    return BackupTasks.of(repo, config.retention(), config.offsite().orElse(null));
  }

  /** Serves until the JVM stops, then closes everything in the reverse order of opening. */
  static void serve(Config config) throws Exception {
    Clock clock = Clock.systemUTC();
    Library library = new Library(config.database(), clock);
    FakeEmailProvider fake = config.emailProviderUrl().isEmpty() ? FakeEmailProvider.start() : null;
    URI provider = config.emailProviderUrl().orElseGet(() -> fake.url());

    IngestionSources sources = IngestionSources.builder().clock(clock)
        .settings(config.settings()).build();
    IngestionSource email = sources.register("email");
    Mailer mailer = new Mailer(library, email, provider);
    BackupTasks backups = backupTasks(config);

    java.nio.file.Files.createDirectories(config.dataDir());
    JobMonitor jobs = JobMonitor.builder().clock(clock)
        .failureThreshold(config.jobFailureThreshold())
        .pauseFile(config.dataDir().resolve("paused-jobs.json")).build();
    jobs.scheduleAtFixedRate("overdue-reminders", mailer::deliver, Duration.ofSeconds(1),
        config.reminderInterval(), JobPolicy.builder()
            .expectEvery(config.reminderInterval(), config.reminderInterval()).build());
    // nightly-backup, restore-verify-drill and backup-retention; a run that finds the repository
    // busy (an operator's command) is retried a minute later
    backups.jobs(config.backupInterval(), config.drillInterval()).forEach(jobs::schedule);

    ServiceAlerts alerts = ServiceAlerts.fromSettings(config.settings(), SERVICE,
        config.dataDir(), Config.ROUTE_GROUPS, clock);

    HealthRegistry registry = HealthRegistry.builder().service(SERVICE)
        .version(version()).clock(clock)
        .listener(new Slf4jStatusListener()).build();
    registry.register("database", DataSourceCheck.of(library.dataSource()));
    registry.register("sqlite", SqliteCheck.of(library.dataSource()),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(30)).build());
    registry.register("scheduler", jobs.healthCheck());
    registry.register(sources.section(), sources.healthCheck(),
        CheckOptions.builder().critical(false).build());
    registry.register("email", mailer.healthCheck(),
        CheckOptions.builder().critical(false).timeout(Duration.ofSeconds(3)).build());
    registry.register("backup", BackupFreshnessCheck.of(backups.repository()),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(5)).build());
    registry.register("disk", DiskSpaceCheck.of(config.dataDir()));
    alerts.register(registry);

    HealthEndpoint endpoint = alerts.endpoint(HealthEndpoint.builder(registry))
        .gate(config.gate())
        .formats(config.formats())
        .resetRoute("jobs", jobs::reset)
        .resetRoute("sources", sources::reset)
        .pauseRoutes("jobs", jobs::pause, jobs::resume)
        .build();
    HttpApi api = new HttpApi(library);
    Map<String, jakarta.servlet.http.HttpServlet> routes = new java.util.HashMap<>(
        Map.of("/books", api, "/loans", api));
    if (config.testRoutes()) {
      routes.put("/test/*", new TestRoutes());
    }
    Server http = ServiceHttp.server(SERVICE, config.bind(), config.port(), endpoint, routes,
        alerts.slis());
    ServiceHttp.start(http, config.bind(), config.port());
    alerts.watch(registry, jobs, sources);
    LOG.atInfo().setMessage("started").addKeyValue("service", SERVICE)
        .addKeyValue("url", "http://" + config.bind() + ":" + ServiceHttp.port(http))
        .addKeyValue("data_dir", config.dataDir())
        .addKeyValue("email_provider", Redactor.defaults()
            .redact(fake != null ? "built-in fake" : provider.toString())).log();
    // At shutdown: stop taking requests, let running jobs finish (JobMonitor.close waits), then
    // close what they use.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> ServiceHttp.closeAll(http::stop, alerts, jobs, registry, library, fake),
        SERVICE + "-shutdown"));
    http.join();
  }

  /** The version in the jar's manifest, or {@code dev} when run from classes. */
  private static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
