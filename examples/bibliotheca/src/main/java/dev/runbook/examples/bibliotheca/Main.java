package dev.runbook.examples.bibliotheca;

import dev.runbook.backup.BackupFreshnessCheck;
import dev.runbook.backup.BackupRepository;
import dev.runbook.core.Settings;
import dev.runbook.examples.support.BackupJobs;
import dev.runbook.examples.support.ServiceHttp;
import dev.runbook.examples.support.ServiceMain;
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
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * bibliotheca: a lending library on one host. {@code serve} (the default) runs the HTTP service
 * and its jobs; {@code backup}, {@code list}, {@code verify}, {@code restore-verify},
 * {@code prune} and {@code sync} are the operator commands, on the same {@code DATA_DIR}, safe to
 * run while {@code serve} runs.
 */
public final class Main implements ServiceMain.Service<Config> {

  static final String SERVICE = "bibliotheca";

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
    BackupRepository repo = BackupRepository.builder(config.backups())
        .service(SERVICE)
        .source(SqliteBackupSource.builder("database", config.database()).build())
        .build();
    return new BackupJobs(repo, config.retention(), config.offsite());
  }

  @Override
  public void serve(Config config) throws Exception {
    Clock clock = Clock.systemUTC();
    Library library = new Library(config.database(), clock);
    FakeEmailProvider fake = config.emailProviderUrl().isEmpty() ? FakeEmailProvider.start() : null;
    URI provider = config.emailProviderUrl().orElseGet(() -> fake.url());

    IngestionSources sources = IngestionSources.builder().clock(clock)
        .settings(config.settings()).build();
    IngestionSource email = sources.register("email");
    Mailer mailer = new Mailer(library, email, provider);
    BackupJobs backups = backupJobs(config);

    JobMonitor jobs = JobMonitor.builder().clock(clock)
        .failureThreshold(config.jobFailureThreshold()).build();
    jobs.scheduleAtFixedRate("overdue-reminders", mailer::deliver, Duration.ofSeconds(1),
        config.reminderInterval(), JobPolicy.builder()
            .expectEvery(config.reminderInterval(), config.reminderInterval()).build());
    backups.schedule(jobs, config.backupInterval(), config.drillInterval());

    HealthRegistry registry = HealthRegistry.builder().service(SERVICE)
        .version(ServiceMain.version(Main.class)).clock(clock)
        .listener(new Slf4jStatusListener()).build();
    registry.register("database", DataSourceCheck.of(library.dataSource()));
    registry.register("sqlite", SqliteCheck.of(library.dataSource()),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(30)).build());
    registry.register("scheduler", jobs.healthCheck());
    registry.register("email", mailer.healthCheck(),
        CheckOptions.builder().critical(false).timeout(Duration.ofSeconds(3)).build());
    registry.register("backup", BackupFreshnessCheck.of(backups.repository()),
        CheckOptions.builder().critical(false).ttl(Duration.ofSeconds(5)).build());
    registry.register("disk", DiskSpaceCheck.of(config.dataDir()));

    HealthEndpoint endpoint = HealthEndpoint.builder(registry)
        .gate(config.gate())
        .resetRoute("jobs", jobs::reset)
        .resetRoute("sources", sources::reset)
        .build();
    HttpApi api = new HttpApi(library);
    ServiceHttp.serveUntilShutdown(SERVICE, config.bind(), config.port(), endpoint,
        Map.of("/books", api, "/loans", api),
        Map.of("data_dir", config.dataDir(),
            "email_provider", fake != null ? "built-in fake" : provider.toString()),
        jobs, registry, library, fake);
  }
}
