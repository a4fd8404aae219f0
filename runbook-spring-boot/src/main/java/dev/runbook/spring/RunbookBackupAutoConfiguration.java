package dev.runbook.spring;

import dev.runbook.backup.BackupEncryption;
import dev.runbook.backup.BackupFreshnessCheck;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.BackupTasks;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.backup.files.FileSetSource;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreTarget;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Redactor;
import dev.runbook.core.Settings;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.jdbc.postgres.PgDatabase;
import dev.runbook.jdbc.postgres.PgTools;
import dev.runbook.jdbc.postgres.PostgresBackupSource;
import dev.runbook.jdbc.postgres.PostgresRestoreTarget;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import dev.runbook.jdbc.sqlite.SqliteRestoreTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Backups of the application's {@link DataSource}, proven by drills: the engine is read from the
 * JDBC URL (SQLite: the online page stream; PostgreSQL: {@code pg_dump}, with {@code
 * spring.datasource.username} and {@code .password} when the URL has none), the files in {@code
 * runbook.backup.files} go into the same set as the artifact {@code config}, and the nightly
 * backup, the weekly drill and retention are scheduled on the job monitor. The freshness check is
 * the {@code backup} check, and a {@link BackupCommandLine} bean carries the operator commands.
 */
@AutoConfiguration(after = RunbookHealthAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({BackupRepository.class, SqliteBackupSource.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "runbook.backup", name = "enabled", matchIfMissing = true)
public class RunbookBackupAutoConfiguration {

  /** What the backups of this application are made of and restored into. */
  public record Database(String jdbcUrl, BackupSource source, RestoreTarget target) {}

  @Bean
  @ConditionalOnMissingBean
  public Database runbookBackupDatabase(DataSource dataSource, Environment environment,
      RunbookProperties properties) {
    String url;
    try (Connection c = dataSource.getConnection()) {
      url = c.getMetaData().getURL();
    } catch (SQLException e) {
      throw new IllegalStateException("runbook.backup: cannot read the DataSource's JDBC URL to"
          + " choose how to back it up: " + Redactor.defaults().redact(e.getMessage())
          + "; set runbook.backup.enabled=false to do without backups", e);
    }
    if (url.startsWith("jdbc:sqlite:")) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*", ""));
      return new Database(url, SqliteBackupSource.builder("database", file).build(),
          SqliteRestoreTarget.of("database", file));
    }
    if (url.startsWith("jdbc:postgresql:")) {
      PgDatabase parsed = PgDatabase.fromJdbcUrl(url);
      PgDatabase.Builder db = PgDatabase.builder(parsed.database()).host(parsed.host())
          .port(parsed.port());
      String user = parsed.user() != null ? parsed.user()
          : environment.getProperty("spring.datasource.username");
      if (user != null) {
        db.user(user);
      }
      String password = environment.getProperty("spring.datasource.password");
      if (password != null && !password.isEmpty()) {
        db.password(password);
      }
      PgDatabase database = db.build();
      PgTools tools = PgTools.onPath().timeLimit(properties.getBackup().getToolTimeout());
      return new Database(url, PostgresBackupSource.builder("database", database).tools(tools)
          .build(), PostgresRestoreTarget.of("database", database, tools));
    }
    throw new IllegalStateException("runbook.backup: the DataSource is "
        + url.replaceFirst("^(jdbc:[a-z0-9]+:).*", "$1") + "..., which runbook cannot back up"
        + " yet (SQLite and PostgreSQL it can); set runbook.backup.enabled=false");
  }

  @Bean
  @ConditionalOnMissingBean
  public BackupTasks runbookBackupTasks(Database database, RunbookProperties properties,
      Environment environment) {
    RunbookProperties.Backup b = properties.getBackup();
    String service = properties.getService() != null ? properties.getService()
        : environment.getProperty("spring.application.name", "application");
    BackupRepository.Builder repo = BackupRepository.builder(Path.of(b.getDir()))
        .service(service).source(database.source());
    if (b.getScratchDir() != null && !b.getScratchDir().isBlank()) {
      Path scratch = Path.of(b.getScratchDir().strip());
      if (!scratch.isAbsolute()) {
        throw new IllegalArgumentException("runbook.backup.scratch-dir \"" + scratch + "\" is a"
            + " relative path; give an absolute one, e.g. /var/tmp/analytics-drills");
      }
      repo.scratch(scratch);
    }
    if (!b.getFiles().isEmpty()) {
      List<Path> paths = b.getFiles().stream()
          .map(f -> Path.of(f.strip()).toAbsolutePath().normalize()).toList();
      Path base = paths.get(0).getParent();
      for (Path p : paths) {
        while (!p.startsWith(base)) {
          base = base.getParent(); // the folder all the files are under
        }
      }
      // a listed file missing on this host (no .env here) is left out, not a failed backup
      FileSetSource.Builder files = FileSetSource.builder("config", base).allowMissing(true);
      for (Path p : paths) {
        files.include(base.relativize(p).toString());
      }
      repo.source(files.build());
    }
    Map<String, String> settings = new HashMap<>();
    put(settings, "BACKUP_AGE_RECIPIENTS", b.getAgeRecipients());
    put(settings, "BACKUP_AGE_IDENTITY_FILE", b.getAgeIdentityFile());
    put(settings, "BACKUP_REMOTE", b.getRemote());
    put(settings, "BACKUP_S3_ENDPOINT", b.getS3().getEndpoint());
    put(settings, "BACKUP_S3_REGION", b.getS3().getRegion());
    put(settings, "BACKUP_S3_PATH_STYLE", b.getS3().getPathStyle());
    Settings s = Settings.of(settings);
    repo.encryption(BackupEncryption.fromSettings(s));
    OffsiteTarget offsite = OffsiteTarget.fromSettings(s).orElse(null);
    return BackupTasks.of(repo.build(), new RetentionPolicy(b.getRetention(), b.getKeepLast()),
        offsite);
  }

  private static void put(Map<String, String> settings, String key, Object value) {
    if (value != null && !value.toString().isBlank()) {
      settings.put(key, value.toString());
    }
  }

  /** The {@code backup} check: recent and proven backups. */
  @Bean
  @ConditionalOnMissingBean(name = "backupCheck")
  public HealthCheck backupCheck(BackupTasks tasks) {
    return BackupFreshnessCheck.of(tasks.repository());
  }

  @Bean
  @ConditionalOnMissingBean
  public BackupCommandLine runbookBackupCommandLine(BackupTasks tasks, Database database) {
    return new BackupCommandLine(tasks.repository(), tasks.retention(),
        tasks.offsite().orElse(null), List.of(database.target()));
  }

  /** The nightly backup, the drill and retention, on the job monitor once the context is up. */
  @Bean
  @ConditionalOnProperty(prefix = "runbook.backup", name = "schedule", matchIfMissing = true)
  public SmartInitializingSingleton runbookBackupSchedule(ObjectProvider<BackupTasks> tasks,
      ObjectProvider<JobMonitor> jobs, RunbookProperties properties) {
    return () -> {
      JobMonitor monitor = jobs.getIfUnique();
      BackupTasks backups = tasks.getIfUnique();
      if (monitor != null && backups != null) {
        backups.jobs(properties.getBackup().getInterval(),
            properties.getBackup().getDrillInterval()).forEach(monitor::schedule);
      }
    };
  }
}
