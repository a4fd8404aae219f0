package dev.runbook.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupTasks;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.jobs.JobMonitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.sqlite.SQLiteDataSource;

/** Backups of the application's DataSource from properties, with a real SQLite file. */
class RunbookBackupAutoConfigurationTest {

  @TempDir Path tmp;

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RunbookHealthAutoConfiguration.class,
          RunbookBackupAutoConfiguration.class))
      .withPropertyValues("spring.application.name=analytics");

  DataSource sqlite() throws Exception {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + tmp.resolve("analytics.db"));
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT NOT NULL)");
      s.execute("INSERT INTO jobs (state) VALUES ('done'), ('processing')");
    }
    return ds;
  }

  @Test
  void theDataSourceAndTheConfigFilesAreBackedUpDrilledAndScheduled() throws Exception {
    DataSource ds = sqlite();
    Files.writeString(tmp.resolve(".env"), "PORT=8080\n");
    runner.withBean(DataSource.class, () -> ds)
        .withPropertyValues("runbook.backup.dir=" + tmp.resolve("backups"),
            "runbook.backup.files=" + tmp.resolve(".env"))
        .run(context -> {
          BackupTasks tasks = context.getBean(BackupTasks.class);
          Backup backup = tasks.backup();
          assertThat(backup.manifest().service()).isEqualTo("analytics");
          assertThat(backup.manifest().artifacts()).extracting(Artifact::name)
              .containsExactly("database", "config");
          assertThat(backup.manifest().artifacts().get(0).rowCounts()).containsEntry("jobs", 2L);
          assertThat(tasks.drill().passed()).isTrue();
          assertThat(context.getBean(HealthRegistry.class).names()).contains("backup");
          assertThat(context.getBean(JobMonitor.class).states()).extracting("name")
              .contains("nightly-backup", "restore-verify-drill", "backup-retention");

          ByteArrayOutputStream out = new ByteArrayOutputStream();
          int status = context.getBean(BackupCommandLine.class).run(List.of("list"),
              new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream()));
          assertThat(status).isZero();
          assertThat(out.toString()).contains(backup.id());
        });
  }

  @Test
  void withoutADataSourceOrSwitchedOffThereAreNoBackups() throws Exception {
    runner.run(context -> assertThat(context).doesNotHaveBean(BackupTasks.class));
    DataSource ds = sqlite();
    runner.withBean(DataSource.class, () -> ds)
        .withPropertyValues("runbook.backup.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(BackupTasks.class));
  }

  @Test
  void aRelativeScratchFolderIsRefusedNamingTheProperty() throws Exception {
    DataSource ds = sqlite();
    runner.withBean(DataSource.class, () -> ds)
        .withPropertyValues("runbook.backup.dir=" + tmp.resolve("backups"),
            "runbook.backup.scratch-dir=drills")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("runbook.backup.scratch-dir \"drills\" is a relative path"));
  }

  @Test
  void anEngineItCannotBackUpStopsTheStartSayingHowToGoOn() throws Exception {
    DataSource ds = mock(DataSource.class);
    Connection c = mock(Connection.class);
    DatabaseMetaData meta = mock(DatabaseMetaData.class);
    when(ds.getConnection()).thenReturn(c);
    when(c.getMetaData()).thenReturn(meta);
    when(meta.getURL()).thenReturn("jdbc:mysql://127.0.0.1:3306/test?password=secret-value");
    runner.withBean(DataSource.class, () -> ds).run(context -> assertThat(context).hasFailed()
        .getFailure().hasStackTraceContaining("jdbc:mysql:..., which runbook cannot back up")
        .hasStackTraceContaining("runbook.backup.enabled=false")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("secret-value")));
  }
}
