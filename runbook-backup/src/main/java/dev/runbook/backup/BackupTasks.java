package dev.runbook.backup;

import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.SyncReport;
import dev.runbook.core.JobSpec;
import dev.runbook.core.RunSkipped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bodies of a service's scheduled backup jobs, for any scheduler: take a backup and copy it
 * offsite, drill the latest backup, apply retention. Each returns normally only when its work
 * succeeded and throws otherwise, with a message an operator can act on, so a job monitor counts
 * consecutive failures honestly.
 *
 * <p>Two outcomes are skips, not failures: the repository is busy (an operator's command or
 * another job holds its lock), which throws {@link BackupBusyException}, and there is no backup
 * to drill yet. Both implement {@link RunSkipped}; the busy one asks to be retried after {@link
 * BackupBusyException#RETRY_AFTER}, so a nightly backup skipped while a drill ran still runs
 * tonight.
 *
 * <p>{@link #jobs} describes the usual schedule as core {@link JobSpec}s, which runbook-health's
 * {@code JobMonitor.schedule} runs:
 *
 * <pre>{@code
 * BackupTasks tasks = BackupTasks.of(repo, RetentionPolicy.defaults(), offsite);
 * tasks.jobs(Duration.ofDays(1), Duration.ofDays(7)).forEach(jobMonitor::schedule);
 * }</pre>
 */
public final class BackupTasks {

  private final BackupRepository repo;
  private final RetentionPolicy retention;
  private final OffsiteTarget offsite;

  private BackupTasks(BackupRepository repo, RetentionPolicy retention, OffsiteTarget offsite) {
    this.repo = repo;
    this.retention = retention;
    this.offsite = offsite;
  }

  /**
   * Tasks on {@code repo}, pruning by {@code retention}; {@code offsite} may be null for no
   * offsite copy.
   */
  public static BackupTasks of(BackupRepository repo, RetentionPolicy retention,
      OffsiteTarget offsite) {
    return new BackupTasks(Objects.requireNonNull(repo, "repo must not be null"),
        Objects.requireNonNull(retention, "retention must not be null"), offsite);
  }

  public BackupRepository repository() {
    return repo;
  }

  public RetentionPolicy retention() {
    return retention;
  }

  /** The offsite target, when one is configured. */
  public Optional<OffsiteTarget> offsite() {
    return Optional.ofNullable(offsite);
  }

  /**
   * The usual schedule: {@code nightly-backup} (first after 1 minute, then every {@code
   * backupEvery}, overdue 2 hours past it), {@code restore-verify-drill} (after 5 minutes, then
   * every {@code drillEvery}; one failure makes it failing) and {@code backup-retention} (after 10
   * minutes, then daily). The first runs come soon after start, so a new service is not shown
   * without a backup for a whole day.
   */
  public List<JobSpec> jobs(Duration backupEvery, Duration drillEvery) {
    return List.of(
        JobSpec.builder("nightly-backup", this::backup).firstAfter(Duration.ofMinutes(1))
            .every(backupEvery).expectEvery(backupEvery, Duration.ofHours(2)).build(),
        JobSpec.builder("restore-verify-drill", this::drill).firstAfter(Duration.ofMinutes(5))
            .every(drillEvery).failureThreshold(1).build(),
        JobSpec.builder("backup-retention", this::prune).firstAfter(Duration.ofMinutes(10))
            .every(Duration.ofDays(1)).build());
  }

  /**
   * A backup, then the offsite copy when a target is configured.
   *
   * @throws BackupException when the backup or its offsite copy failed
   */
  public Backup backup() {
    Backup backup = repo.backup();
    if (offsite != null) {
      SyncReport report = repo.sync(offsite);
      if (!report.passed()) {
        throw new BackupException("backup " + backup.id() + " taken, but the offsite copy to "
            + report.target() + " failed: " + report.failed());
      }
    }
    return backup;
  }

  /**
   * Drills the latest backup.
   *
   * @throws BackupException unless the drill passed, naming what did not
   */
  public DrillReport drill() {
    Backup latest = repo.latest().orElseThrow(NothingToDrill::new);
    DrillReport report = repo.restoreVerify(latest.id());
    if (!report.passed()) {
      throw new BackupException("drill of " + latest.id() + " ended "
          + report.outcome().wireName() + ": checksum " + report.checksumStatus().wireName()
          + ", restore " + report.restoreResult().wireName() + ", integrity "
          + report.integrityStatus().wireName() + ", row counts "
          + report.rowCountCheck().wireName());
    }
    return report;
  }

  /** Applies the retention policy; returns what it deleted and kept. */
  public RetentionPlan prune() {
    return repo.prune(retention, false);
  }

  /** No backup exists yet: the drill has nothing to do until the first backup. */
  private static final class NothingToDrill extends BackupException implements RunSkipped {
    private static final long serialVersionUID = 1L;

    NothingToDrill() {
      super("no backup to drill yet");
    }
  }
}
