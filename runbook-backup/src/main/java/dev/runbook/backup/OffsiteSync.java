package dev.runbook.backup;

import dev.runbook.backup.internal.Fs;
import dev.runbook.backup.internal.Json;
import dev.runbook.backup.internal.Layout;
import dev.runbook.backup.internal.RetentionPlanner;
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
    Instant now = repo.clock().instant();
    try {
      List<RetentionPlanner.Candidate> candidates = new ArrayList<>();
      for (String id : target.list()) {
        boolean passed = repo.find(id).map(Backup::passedDrill).orElse(false);
        candidates.add(new RetentionPlanner.Candidate(id, Layout.parseStamp(id), passed, false));
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
