package dev.runbook.backup;

import dev.runbook.backup.report.DrillReport;
import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether backups are recent and proven: a plain core {@link HealthCheck} that the application
 * registers (runbook-health and runbook-backup do not know each other).
 *
 * <p>Details: {@code last_backup_at}, {@code last_backup_age_s}, {@code last_backup_bytes}, {@code
 * last_drill_at} and {@code last_drill_outcome} (the latest drill of any backup), {@code
 * last_passed_drill_at} (the latest drill that passed), {@code offsite_synced_at}, and {@code
 * backups}. It is {@code degraded}, never {@code down} (a stale
 * backup does not stop the service from serving), when there is no backup, the latest is older than
 * {@code maxBackupAge} (default 26 h: a nightly backup plus slack), no drill has passed, the latest
 * passing drill is older than {@code maxDrillAge} (default 8 days: a weekly drill plus slack), or
 * the latest drill failed.
 *
 * <pre>{@code
 * health.register("backup", BackupFreshnessCheck.of(repo), CheckOptions.nonCritical());
 * }</pre>
 */
public final class BackupFreshnessCheck implements HealthCheck {

  public static final Duration DEFAULT_MAX_BACKUP_AGE = Duration.ofHours(26);
  public static final Duration DEFAULT_MAX_DRILL_AGE = Duration.ofDays(8);

  private final BackupRepository repo;
  private final Clock clock;
  private final Duration maxBackupAge;
  private final Duration maxDrillAge;

  private BackupFreshnessCheck(BackupRepository repo, Clock clock, Duration maxBackupAge,
      Duration maxDrillAge) {
    this.repo = repo;
    this.clock = clock;
    this.maxBackupAge = maxBackupAge;
    this.maxDrillAge = maxDrillAge;
  }

  /** With the default limits and the repository's clock. */
  public static BackupFreshnessCheck of(BackupRepository repo) {
    return of(repo, DEFAULT_MAX_BACKUP_AGE, DEFAULT_MAX_DRILL_AGE);
  }

  /**
   * With these limits.
   *
   * @throws IllegalArgumentException naming a limit that is not positive
   */
  public static BackupFreshnessCheck of(BackupRepository repo, Duration maxBackupAge,
      Duration maxDrillAge) {
    Objects.requireNonNull(repo, "repo");
    positive("maxBackupAge", maxBackupAge);
    positive("maxDrillAge", maxDrillAge);
    return new BackupFreshnessCheck(repo, repo.clock(), maxBackupAge, maxDrillAge);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " is " + d + "; use a positive duration such as"
          + " 26h");
    }
  }

  @Override
  public CheckResult check() {
    Instant now = clock.instant();
    List<Backup> backups = repo.list();
    Backup last = backups.isEmpty() ? null : backups.get(backups.size() - 1);
    DrillReport lastDrill = null;
    DrillReport lastPass = null;
    for (Backup b : backups) {
      for (DrillReport d : repo.drills(b.id())) {
        if (lastDrill == null || d.finishedAt().isAfter(lastDrill.finishedAt())) {
          lastDrill = d;
        }
        if (d.passed() && (lastPass == null || d.finishedAt().isAfter(lastPass.finishedAt()))) {
          lastPass = d;
        }
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("last_backup_at", last == null ? null : last.manifest().finishedAt());
    details.put("last_backup_age_s", last == null ? null
        : Math.max(0, Duration.between(last.manifest().finishedAt(), now).toSeconds()));
    details.put("last_backup_bytes", last == null ? null : last.manifest().storedBytes());
    details.put("last_drill_at", lastDrill == null ? null : lastDrill.finishedAt());
    details.put("last_drill_outcome", lastDrill == null ? null : lastDrill.outcome().wireName());
    details.put("last_passed_drill_at", lastPass == null ? null : lastPass.finishedAt());
    details.put("offsite_synced_at", repo.lastOffsiteSync().orElse(null));
    details.put("backups", backups.size());
    List<DamagedBackup> damaged = repo.damaged();
    details.put("damaged_backups", damaged.stream().map(DamagedBackup::id).toList());

    List<String> reasons = new ArrayList<>();
    if (last == null) {
      reasons.add("no backup yet in " + repo.root());
    } else if (Duration.between(last.manifest().finishedAt(), now).compareTo(maxBackupAge) > 0) {
      reasons.add("last backup " + last.id() + " is older than " + maxBackupAge);
    }
    if (lastPass == null) {
      reasons.add("no restore-verify drill has passed yet");
    } else if (Duration.between(lastPass.finishedAt(), now).compareTo(maxDrillAge) > 0) {
      reasons.add("last passing drill (" + lastPass.backupId() + ") is older than " + maxDrillAge);
    }
    if (lastDrill != null && !lastDrill.passed()) {
      reasons.add("latest drill of " + lastDrill.backupId() + " was "
          + lastDrill.outcome().wireName());
    }
    for (DamagedBackup d : damaged) {
      reasons.add("backup " + d.id() + " is damaged (" + d.reason() + ")");
    }
    CheckResult result = CheckResult.ok(details);
    return reasons.isEmpty() ? result
        : result.withStatus(Status.DEGRADED).withError(String.join("; ", reasons));
  }
}
