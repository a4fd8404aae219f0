package dev.runbook.backup;

import dev.runbook.backup.internal.Catalog;
import dev.runbook.backup.internal.Fs;
import dev.runbook.backup.internal.Json;
import dev.runbook.backup.internal.Layout;
import dev.runbook.backup.internal.RepositoryLock;
import dev.runbook.backup.internal.RetentionPlanner;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RetentionDecision;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.SyncReport;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pushes a repository's backups to an offsite target and applies retention there. */
final class OffsiteSync {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  /** What {@code .offsite.json} records of the last complete sync. */
  record State(String target, Instant syncedAt, String latestBackupId) {}

  private final BackupRepository repo;
  private final OffsiteTarget target;

  OffsiteSync(BackupRepository repo, OffsiteTarget target) {
    this.repo = repo;
    this.target = target;
  }

  SyncReport run() {
    return syncLocked("sync", this::push);
  }

  /**
   * Syncs and offsite prunes of one repository never run over each other (they hold {@code
   * .sync.lock}, not the repository's lock, so a sync may run beside a backup or a drill); the
   * target's leftovers are removed first.
   */
  private <T> T syncLocked(String operation, RepositoryLock.Work<T> work) {
    RepositoryLock lock = new RepositoryLock(repo.root(), Layout.SYNC_LOCK_FILE,
        java.time.Duration.ZERO, repo.clock());
    try {
      return lock.with(operation, repo.host(), () -> {
        for (String name : target.removeLeftovers()) {
          log.atInfo().setMessage("offsite_leftover_removed").addKeyValue("target",
              target.describe()).addKeyValue("folder", name).log();
        }
        return work.run();
      });
    } catch (IOException e) {
      throw new UncheckedIOException("offsite " + operation + " of " + target.describe()
          + " failed: " + e.getMessage(), e);
    }
  }

  private SyncReport push() {
    Instant start = repo.clock().instant();
    Set<String> remote;
    try {
      remote = new HashSet<>(target.list());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list offsite target " + target.describe() + ": "
          + e.getMessage(), e);
    }
    List<String> pushed = new ArrayList<>();
    List<String> present = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    List<Backup> local = repo.list();
    for (Backup backup : local) {
      if (remote.contains(backup.id())) {
        present.add(backup.id());
        continue;
      }
      try {
        Closeable reading = repo.openReader(backup.id());
        try {
          target.push(backup.id(), backup.folder(), backup.manifest());
        } finally {
          reading.close();
        }
        pushed.add(backup.id());
      } catch (Exception e) {
        String error = repo.redact(e);
        failed.put(backup.id(), error);
        log.atError().setMessage("offsite_sync_failed").addKeyValue("backup_id", backup.id())
            .addKeyValue("target", target.describe()).addKeyValue("error", error).log();
      }
    }
    SyncReport report = new SyncReport(target.describe(), start,
        Fs.millisSince(start, repo.clock()), pushed, present, failed);
    if (report.passed()) {
      String latest = local.isEmpty() ? null : local.get(local.size() - 1).id();
      try {
        Fs.writeAtomically(repo.root().resolve(Layout.OFFSITE_STATE),
            Json.write(new State(target.describe(), repo.clock().instant(), latest)));
      } catch (IOException e) {
        throw new UncheckedIOException("offsite sync succeeded but its time could not be recorded"
            + " in " + repo.root().resolve(Layout.OFFSITE_STATE) + ": " + e.getMessage(), e);
      }
      log.atInfo().setMessage("offsite_synced").addKeyValue("target", target.describe())
          .addKeyValue("pushed", pushed.size()).addKeyValue("present", present.size()).log();
    }
    return report;
  }

  RetentionPlan prune(RetentionPolicy policy, boolean dryRun) {
    return syncLocked(dryRun ? "offsite prune --dry-run" : "offsite prune",
        () -> plan(policy, dryRun));
  }

  private RetentionPlan plan(RetentionPolicy policy, boolean dryRun) {
    Instant now = repo.clock().instant();
    try {
      List<RetentionPlanner.Candidate> candidates = new ArrayList<>();
      for (String id : target.list()) {
        Optional<Backup> local = repo.find(id);
        boolean passed = local.map(Backup::passedDrill).orElse(false);
        boolean everPassed = passed || local.map(b -> Catalog.drills(b.folder()).stream()
            .anyMatch(DrillReport::passed)).orElse(false);
        candidates.add(new RetentionPlanner.Candidate(id, Layout.parseStamp(id), passed,
            everPassed, false));
      }
      List<RetentionDecision> decisions = RetentionPlanner.plan(candidates, policy, now);
      if (!dryRun) {
        for (RetentionDecision d : decisions) {
          if (!d.keep()) {
            target.delete(d.backupId());
            log.atInfo().setMessage("backup_pruned").addKeyValue("backup_id", d.backupId())
                .addKeyValue("target", target.describe()).addKeyValue("reason", d.reason()).log();
          }
        }
      }
      return new RetentionPlan(now, dryRun, policy, decisions, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("offsite prune of " + target.describe() + " failed: "
          + e.getMessage(), e);
    }
  }

  static Optional<Instant> lastSync(Path root) {
    Path file = root.resolve(Layout.OFFSITE_STATE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(Json.read(Files.readAllBytes(file), State.class).syncedAt());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
