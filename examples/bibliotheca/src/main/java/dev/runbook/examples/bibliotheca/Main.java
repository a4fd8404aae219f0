package dev.runbook.examples.bibliotheca;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.backup.BackupFreshnessCheck;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.core.Settings;
import dev.runbook.examples.support.BackupJobs;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.Slf4jStatusListener;
import dev.runbook.health.checks.DiskSpaceCheck;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.HealthHttpHandler;
import dev.runbook.health.http.HealthHttpServer;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.jdbc.DataSourceCheck;
import dev.runbook.jdbc.SqliteCheck;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bibliotheca: a lending library on one host. {@code serve} (the default) runs the HTTP service
 * and its jobs; {@code backup}, {@code list-backups}, {@code verify}, {@code restore-verify},
 * {@code prune} and {@code sync} are the operator commands, on the same {@code DATA_DIR}, safe to
 * run while {@code serve} runs.
 */
public final class Main {

  static final String SERVICE = "bibliotheca";
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    String command = args.isEmpty() ? "serve" : args.get(0);
    List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
    Config config;
    try {
      config = Config.from(Settings.fromEnvironment());
    } catch (IllegalArgumentException e) {
      err.println(SERVICE + ": " + e.getMessage());
      return BackupCommandLine.USAGE;
    }
    switch (command) {
      case "serve":
        try {
          serve(config);
          return 0;
        } catch (Exception e) {
          err.println(SERVICE + ": could not start: " + e.getMessage());
          LOG.atError().addKeyValue("event", "start_failed").setCause(e).log("start failed");
          return 1;
        }
      case "backup":
      case "list-backups":
      case "verify":
      case "restore-verify":
      case "prune":
      case "sync":
        return backupJobs(config).command(command, rest, out, err);
      case "help":
      case "--help":
      case "-h":
        out.println(usage());
        return 0;
      default:
        err.println(SERVICE + ": unknown command \"" + command + "\"\n" + usage());
        return BackupCommandLine.USAGE;
    }
  }

  static String usage() {
    return "usage: java -jar bibliotheca.jar [serve | backup | list-backups | verify <id|dir>"
        + " | restore-verify <id|dir> | prune [--dry-run] | sync] [--json]\n"
        + "settings come from the environment; see examples/bibliotheca/README.md";
  }

  static BackupRepository repository(Config config) {
    return BackupRepository.builder(config.backups())
        .service(SERVICE)
        .source(SqliteBackupSource.builder("database", config.database()).build())
        .build();
  }

  static BackupJobs backupJobs(Config config) {
    return new BackupJobs(repository(config), config.retention(), config.offsite());
  }

  private static void serve(Config config) throws Exception {
    Clock clock = Clock.systemUTC();
    Library library = new Library(config.database(), clock);
    FakeEmailProvider fake = config.emailProviderUrl().isEmpty() ? FakeEmailProvider.start() : null;
    URI provider = config.emailProviderUrl().orElseGet(() -> fake.url());

    IngestionSources sources = IngestionSources.builder().clock(clock)
        .settings(config.settings()).build();
    IngestionSource email = sources.register("email");
    Mailer mailer = new Mailer(library, email, provider);
    BackupRepository repo = repository(config);
    BackupJobs backups = new BackupJobs(repo, config.retention(), config.offsite());

    JobMonitor jobs = JobMonitor.builder().clock(clock)
        .failureThreshold(config.jobFailureThreshold()).build();
    jobs.scheduleAtFixedRate("overdue-reminders", mailer::deliver, Duration.ofSeconds(1),
        config.reminderInterval(), JobPolicy.builder()
            .expectEvery(config.reminderInterval(), config.reminderInterval()).build());
    jobs.scheduleAtFixedRate("nightly-backup", backups::backup, Duration.ofMinutes(1),
        config.backupInterval(), JobPolicy.builder()
            .expectEvery(config.backupInterval(), Duration.ofHours(2)).build());
    jobs.scheduleAtFixedRate("restore-verify-drill", backups::drill, Duration.ofMinutes(5),
        config.verifyInterval(), JobPolicy.builder().failureThreshold(1).build());
    jobs.scheduleAtFixedRate("backup-retention", backups::prune,
        Duration.ofMinutes(10), Duration.ofHours(24), JobPolicy.defaults());

    HealthRegistry registry = HealthRegistry.builder().service(SERVICE)
        .version(version()).clock(clock).listener(new Slf4jStatusListener()).build();
    registry.register("database", DataSourceCheck.of(library.dataSource()));
    registry.register("sqlite", SqliteCheck.of(library.dataSource()),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(30)).build());
    registry.register("scheduler", jobs.healthCheck());
    registry.register("email", mailer.healthCheck(),
        CheckOptions.builder().critical(false).timeout(Duration.ofSeconds(3)).build());
    registry.register("backup", BackupFreshnessCheck.of(repo),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(5)).build());
    registry.register("disk", DiskSpaceCheck.of(config.dataDir()));

    HealthEndpoint endpoint = HealthEndpoint.builder(registry)
        .gate(AccessGate.fromSettings(config.settings()))
        .resetRoute("jobs", jobs::reset)
        .resetRoute("sources", sources::reset)
        .build();
    HealthHttpServer.enableNoDelay();
    HttpServer server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
    ExecutorService workers = Executors.newFixedThreadPool(8);
    HealthHttpHandler health = new HealthHttpHandler(endpoint);
    HttpApi api = new HttpApi(library);
    server.createContext("/ping", health);
    server.createContext("/health", health);
    server.createContext("/books", api::books);
    server.createContext("/loans", api::loans);
    server.setExecutor(workers);
    server.start();
    LOG.atInfo().addKeyValue("event", "started")
        .addKeyValue("address", server.getAddress().getHostString() + ":"
            + server.getAddress().getPort())
        .addKeyValue("data_dir", config.dataDir())
        .addKeyValue("email_provider", fake != null ? "built-in fake" : provider.toString())
        .log("bibliotheca listening on http://{}:{}", config.bind(),
            server.getAddress().getPort());

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(1);
      workers.shutdownNow();
      jobs.close();
      registry.close();
      library.close();
      if (fake != null) {
        fake.close();
      }
      stopped.countDown();
    }, "bibliotheca-shutdown"));
    stopped.await();
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
