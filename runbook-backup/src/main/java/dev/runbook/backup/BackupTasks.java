package dev.runbook.backup;

import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.SyncReport;
import dev.runbook.core.RunSkipped;
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
 * <pre>{@code
 * BackupTasks tasks = BackupTasks.of(repo, RetentionPolicy.defaults(), offsite);
 * jobs.scheduleAtFixedRate("nightly-backup", tasks::backup, Duration.ofMinutes(1),
 *     Duration.ofDays(1), JobPolicy.builder().expectEvery(Duration.ofDays(1),
 *         Duration.ofHours(2)).build());
 * jobs.scheduleAtFixedRate("restore-verify-drill", tasks::drill, Duration.ofMinutes(5),
 *     Duration.ofDays(7), JobPolicy.builder().failureThreshold(1).build());
 * jobs.scheduleAtFixedRate("backup-retention", tasks::prune, Duration.ofMinutes(10),
 *     Duration.ofDays(1), JobPolicy.defaults());
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
