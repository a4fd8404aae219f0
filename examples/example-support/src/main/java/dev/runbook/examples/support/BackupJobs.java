package dev.runbook.examples.support;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupBusyException;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.SyncReport;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.jobs.JobSkipped;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backup side of an example service: the bodies of its {@code nightly-backup}, {@code
 * restore-verify-drill} and {@code backup-retention} jobs, and its operator commands. A job that
 * finds the repository busy (an operator command holds it) is skipped, not failed.
 */
public final class BackupJobs {

  /** The operator commands every example offers on its jar. */
  public static final Set<String> COMMANDS =
      Set.of("backup", "list", "verify", "restore-verify", "prune", "sync");

  private final BackupRepository repo;
  private final RetentionPolicy retention;
  private final Optional<OffsiteTarget> offsite;

  public BackupJobs(BackupRepository repo, RetentionPolicy retention,
      Optional<OffsiteTarget> offsite) {
    this.repo = repo;
    this.retention = retention;
    this.offsite = offsite;
  }

  /** The repository these jobs work on. */
  public BackupRepository repository() {
    return repo;
  }

  /**
   * Schedules {@code nightly-backup} (first after 1 minute, then every {@code backupInterval}),
   * {@code restore-verify-drill} (after 5 minutes, then every {@code drillInterval}; a single
   * failure counts) and {@code backup-retention} (after 10 minutes, then daily).
   */
  public void schedule(JobMonitor jobs, Duration backupInterval, Duration drillInterval) {
    jobs.scheduleAtFixedRate("nightly-backup", this::backup, Duration.ofMinutes(1),
        backupInterval, JobPolicy.builder()
            .expectEvery(backupInterval, Duration.ofHours(2)).build());
    jobs.scheduleAtFixedRate("restore-verify-drill", this::drill, Duration.ofMinutes(5),
        drillInterval, JobPolicy.builder().failureThreshold(1).build());
    jobs.scheduleAtFixedRate("backup-retention", this::prune, Duration.ofMinutes(10),
        Duration.ofHours(24), JobPolicy.defaults());
  }

  /** {@code nightly-backup}: a backup, then the offsite copy when one is configured. */
  public void backup() {
    try {
      Backup backup = repo.backup();
      if (offsite.isPresent()) {
        SyncReport report = repo.sync(offsite.get());
        if (!report.passed()) {
          throw new IllegalStateException("backup " + backup.id() + " taken, but the offsite"
              + " copy to " + report.target() + " failed: " + report.failed());
        }
      }
    } catch (BackupBusyException e) {
      throw new JobSkipped("the backup repository is busy: " + e.getMessage());
    }
  }

  /** {@code restore-verify-drill}: drills the latest backup; anything but a pass fails the run. */
  public void drill() {
    Backup latest = repo.latest().orElseThrow(() -> new JobSkipped("no backup to drill yet"));
    try {
      DrillReport report = repo.restoreVerify(latest.id());
      if (!report.passed()) {
        throw new IllegalStateException("drill of " + latest.id() + " ended "
            + report.outcome().wireName() + ": checksum " + report.checksumStatus().wireName()
            + ", restore " + report.restoreResult().wireName() + ", integrity "
            + report.integrityStatus().wireName() + ", row counts "
            + report.rowCountCheck().wireName());
      }
    } catch (BackupBusyException e) {
      throw new JobSkipped("the backup repository is busy: " + e.getMessage());
    }
  }

  /** {@code backup-retention}: applies the retention policy. */
  public void prune() {
    try {
      repo.prune(retention, false);
    } catch (BackupBusyException e) {
      throw new JobSkipped("the backup repository is busy: " + e.getMessage());
    }
  }

  /**
   * Runs an operator command of the library's command line.
   *
   * @return the exit code: 0 success or pass, 1 failure, 2 usage
   */
  public int command(String command, List<String> args, PrintStream out, PrintStream err) {
    List<String> cli = new ArrayList<>();
    cli.add(command);
    cli.addAll(args);
    return new BackupCommandLine(repo, retention, offsite.orElse(null)).run(cli, out, err);
  }
}
