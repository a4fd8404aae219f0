package dev.runbook.backup.internal;

import dev.runbook.backup.Backup;
import dev.runbook.backup.DamagedBackup;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.report.RetentionDecision;
import dev.runbook.backup.report.RetentionPlan;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out retention in a repository the caller has locked.
 *
 * <p>A backup is deleted in three steps so that a reader and a crash are both safe: rename it to
 * {@code .deleting-<id>}; look for live readers and, if there is one, rename it back; otherwise
 * rename it to {@code .deleted-<id>} and delete the tree. At the start of every prune a leftover
 * {@code .deleting-} folder is put back (its deletion was never decided) and a {@code .deleted-}
 * one is finished.
 */
public final class Pruner {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  private final Path root;
  private final Clock clock;
  private final Catalog catalog;
  private final ReaderLocks readers;

  public Pruner(Path root, Clock clock, Catalog catalog, ReaderLocks readers) {
    this.root = root;
    this.clock = clock;
    this.catalog = catalog;
    this.readers = readers;
  }

  public RetentionPlan prune(RetentionPolicy policy, boolean dryRun) throws IOException {
    Instant now = clock.instant();
    List<String> leftovers = new ArrayList<>();
    // a dry run plans the interrupted deletions as the real run will: put back, then planned
    List<Backup> interrupted = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (Layout.isLeftover(name) || name.startsWith(Layout.DELETED_PREFIX)) {
            leftovers.add(name);
          } else if (name.startsWith(Layout.DELETING_PREFIX)) {
            String id = name.substring(Layout.DELETING_PREFIX.length());
            if (!dryRun) {
              putBack(entry, id);
            } else if (Layout.isBackupId(id)
                && !Files.exists(root.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
              catalog.read(id, entry).ifPresent(interrupted::add);
            }
          }
        }
      }
    }
    leftovers.sort(null);
    if (!dryRun) {
      removeLeftovers(root, leftovers);
    }
    List<RetentionPlanner.Candidate> candidates = new ArrayList<>();
    List<Backup> backups = new ArrayList<>(catalog.list());
    backups.addAll(interrupted);
    for (Backup b : backups) {
      candidates.add(new RetentionPlanner.Candidate(b.id(), b.createdAt(), b.passedDrill(),
          b.passedDrill() || Catalog.drills(b.folder()).stream()
              .anyMatch(dev.runbook.backup.report.DrillReport::passed),
          readers.isRead(b.id())));
    }
    // a damaged backup is never deleted by retention, and the plan says so
    java.util.Map<String, String> damaged = new java.util.LinkedHashMap<>();
    for (DamagedBackup d : catalog.damaged()) {
      damaged.put(d.id(), d.reason());
    }
    List<RetentionDecision> planned = new ArrayList<>();
    for (RetentionDecision d : RetentionPlanner.plan(candidates, policy, now)) {
      String reason = damaged.remove(d.backupId());
      planned.add(reason == null ? d : keptDamaged(d.backupId(), d.createdAt(), reason));
    }
    damaged.forEach((id, reason) -> planned.add(keptDamaged(id, Layout.parseStamp(id), reason)));
    planned.sort(java.util.Comparator.comparing(RetentionDecision::createdAt)
        .thenComparing(RetentionDecision::backupId).reversed());
    if (dryRun) {
      return new RetentionPlan(now, true, policy, planned, leftovers);
    }
    List<RetentionDecision> done = new ArrayList<>();
    for (RetentionDecision d : planned) {
      if (d.keep() && d.reason().startsWith(DAMAGED)) {
        log.atWarn().setMessage("backup_damaged_kept").addKeyValue("backup_id", d.backupId())
            .addKeyValue("reason", d.reason()).log();
      }
      done.add(d.keep() ? d : delete(d, now));
    }
    return new RetentionPlan(now, false, policy, done, leftovers);
  }

  private static final String DAMAGED = "damaged (";

  private static RetentionDecision keptDamaged(String id, Instant createdAt, String reason) {
    return new RetentionDecision(id, createdAt, true, DAMAGED + reason + "): retention never"
        + " deletes a damaged backup; inspect it (its artifacts may still restore by hand), then"
        + " remove its folder yourself");
  }

  /** Removes the crash leftovers named, logging each. */
  public static void removeLeftovers(Path root, List<String> names) throws IOException {
    for (String name : names) {
      Fs.deleteTree(root.resolve(name));
      log.atInfo().setMessage("backup_leftover_removed").addKeyValue("folder", root.resolve(name))
          .log();
    }
  }

  private RetentionDecision delete(RetentionDecision d, Instant now) throws IOException {
    Path folder = root.resolve(d.backupId());
    Path deleting = root.resolve(Layout.DELETING_PREFIX + d.backupId());
    Fs.move(folder, deleting);
    if (readers.isRead(d.backupId())) {
      Fs.move(deleting, folder);
      return new RetentionDecision(d.backupId(), d.createdAt(), true, "being read");
    }
    Path deleted = root.resolve(Layout.DELETED_PREFIX + d.backupId());
    Fs.move(deleting, deleted);
    Fs.deleteTree(deleted);
    Fs.fsyncDirectory(root);
    log.atInfo().setMessage("backup_pruned").addKeyValue("backup_id", d.backupId())
        .addKeyValue("created_at", d.createdAt())
        .addKeyValue("age_days", java.time.Duration.between(d.createdAt(), now).toDays())
        .addKeyValue("reason", d.reason()).log();
    return d;
  }

  private void putBack(Path deleting, String id) throws IOException {
    Path folder = root.resolve(id);
    if (Layout.isBackupId(id) && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      Fs.move(deleting, folder);
      log.atWarn().setMessage("backup_prune_recovered").addKeyValue("backup_id", id).log();
    }
  }
}
