package dev.runbook.backup;

import dev.runbook.backup.internal.BackupWriter;
import dev.runbook.backup.internal.Catalog;
import dev.runbook.backup.internal.DrillRunner;
import dev.runbook.backup.internal.FolderVerifier;
import dev.runbook.backup.internal.Fs;
import dev.runbook.backup.internal.Json;
import dev.runbook.backup.internal.Layout;
import dev.runbook.backup.internal.Pruner;
import dev.runbook.backup.internal.ReaderLocks;
import dev.runbook.backup.internal.RepositoryLock;
import dev.runbook.core.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of backups, each proven restorable by drills: the programmatic API behind the operator
 * command line and the scheduled jobs.
 *
 * <pre>{@code
 * BackupRepository repo = BackupRepository.builder(Path.of("data/backups"))
 *     .service("bibliotheca")
 *     .source(sqliteSource)                       // from runbook-jdbc
 *     .source(FileSetSource.builder("config", Path.of("config")).build())
 *     .build();
 * Backup backup = repo.backup();                  // data/backups/20261122T031500Z/
 * DrillReport drill = repo.restoreVerify(backup.id());
 * repo.prune(RetentionPolicy.defaults(), false);
 * }</pre>
 *
 * <p>Backups, drills and prunes take the repository's lock (see {@link BackupBusyException});
 * listing and {@link #verify} read without it. A backup is built in a hidden staging folder and
 * renamed into place only when its manifest is written, so {@link #list} never shows a partial one
 * whatever crashes. Everything an operation finds broken is named by file in its result, and
 * logged as {@code backup_completed}, {@code backup_failed}, {@code drill_passed}, {@code
 * drill_failed} or {@code backup_pruned}.
 */
public final class BackupRepository {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  private final Path root;
  private final Clock clock;
  private final Redactor redactor;
  private final String service;
  private final String host;
  private final List<BackupSource> sources;
  private final RepositoryLock lock;
  private final ReaderLocks readers;
  private final Catalog catalog;
  private final BackupWriter writer;
  private final FolderVerifier verifier;
  private final DrillRunner drills;

  private BackupRepository(BackupRepositoryBuilder b) {
    this.root = b.root;
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.service = b.service;
    this.host = b.host;
    this.sources = List.copyOf(b.sources);
    this.lock = new RepositoryLock(root, b.lockWait, clock);
    this.readers = new ReaderLocks(root);
    this.catalog = new Catalog(root);
    this.writer = new BackupWriter(root, clock, b.compression, service, host);
    this.verifier = new FolderVerifier(clock);
    this.drills = new DrillRunner(clock, redactor, Map.copyOf(b.verifiers),
        b.scratch == null ? root : b.scratch);
  }

  /** A builder for a repository in {@code root}, created on first use. */
  public static BackupRepositoryBuilder builder(Path root) {
    return new BackupRepositoryBuilder(root, BackupRepository::new);
  }

  public Path root() {
    return root;
  }

  public String service() {
    return service;
  }

  /** The clock the repository stamps its backups and drills with. */
  public Clock clock() {
    return clock;
  }

  /** Takes a backup of every source now. */
  public Backup backup() {
    return backup(null);
  }

  /**
   * Takes a backup of every source now, with a label saying why, e.g. {@code before upgrade}.
   *
   * @throws BackupBusyException when a backup, drill or prune holds the lock
   * @throws BackupException when a source or the disk fails; nothing is published
   */
  public Backup backup(String label) {
    if (sources.isEmpty()) {
      throw new BackupException("backup repository " + root + " has no sources; add one with"
          + " BackupRepository.builder(...).source(...)");
    }
    return locked("backup", () -> writeBackup(label));
  }

  private <T> T locked(String operation, RepositoryLock.Work<T> work) {
    try {
      return lock.with(operation, host, work);
    } catch (IOException e) {
      throw new UncheckedIOException(operation + " in " + root + " failed: " + e.getMessage(), e);
    }
  }

  // for RealRestore
  <T> T lockedFor(String operation, RepositoryLock.Work<T> work) {
    return locked(operation, work);
  }

  private Backup writeBackup(String label) {
    Instant start = clock.instant();
    String id = null;
    try {
      Files.createDirectories(root);
      Pruner.removeLeftovers(root, leftovers());
      id = writer.freeId(start);
      Manifest manifest = writer.write(id, start, label, sources);
      log.atInfo().setMessage("backup_completed").addKeyValue("backup_id", id)
          .addKeyValue("service", service).addKeyValue("artifacts", manifest.artifacts().size())
          .addKeyValue("stored_bytes", manifest.storedBytes())
          .addKeyValue("duration_ms", manifest.durationMs())
          .addKeyValue("folder", root.resolve(id)).log();
      return new Backup(id, root.resolve(id), manifest, null);
    } catch (Exception e) {
      String error = redactor.redact(e);
      log.atError().setMessage("backup_failed").addKeyValue("backup_id", id)
          .addKeyValue("service", service).addKeyValue("error", error).log();
      throw e instanceof BackupException ? (BackupException) e
          : new BackupException("backup " + id + " of " + service + " failed: " + error, e);
    }
  }

  private List<String> leftovers() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        if (Layout.isLeftover(entry.getFileName().toString())) {
          names.add(entry.getFileName().toString());
        }
      }
    }
    return names;
  }

  /** The complete backups, oldest first; staging folders and damaged manifests are left out. */
  public List<Backup> list() {
    return catalog.list();
  }

  /** The newest complete backup. */
  public Optional<Backup> latest() {
    List<Backup> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The complete backup {@code id}, if there is one. */
  public Optional<Backup> find(String id) {
    return Layout.isBackupId(id) ? catalog.read(id, root.resolve(id)) : Optional.empty();
  }

  /**
   * The folder an operator means: a backup id in this repository, or a path to a backup folder
   * (for example one fetched from offsite).
   *
   * @throws BackupException when it is neither, saying what to give instead
   */
  public Path resolve(String idOrFolder) {
    if (Layout.isBackupId(idOrFolder) && Files.isDirectory(root.resolve(idOrFolder))) {
      return root.resolve(idOrFolder);
    }
    Path path = Path.of(idOrFolder);
    if (Files.isDirectory(path)) {
      return path.toAbsolutePath().normalize();
    }
    throw new BackupException("\"" + idOrFolder + "\" is neither a backup in " + root
        + " nor a folder; give an id that list shows, or the path of a backup folder");
  }

  /** Verifies backup {@code id} of this repository; see {@link #verify(Path)}. */
  public VerifyResult verify(String id) {
    return verify(resolve(id));
  }

  /**
   * Checks a backup folder against its manifest: every file present, nothing unexpected, sizes and
   * SHA-256 matching, compressed streams decoding to the end. Reads without the lock.
   */
  public VerifyResult verify(Path folder) {
    return verifier.verify(folder.getFileName().toString(), folder).result();
  }

  /** Runs a drill on backup {@code id}; see {@link #restoreVerify(Path)}. */
  public DrillReport restoreVerify(String id) {
    return restoreVerify(resolve(id));
  }

  /**
   * The drill: verify the folder, restore each artifact into a scratch target with the verifier
   * for its kind, run its integrity checks, compare row counts with the manifest, and record the
   * report as {@code verify-<timestamp>.json} in the folder. Production data is never touched.
   *
   * @throws BackupBusyException when a backup, drill or prune holds the lock
   */
  public DrillReport restoreVerify(Path folder) {
    String id = folder.getFileName().toString();
    return locked("restore-verify of " + id, () -> {
      Instant start = clock.instant();
      DrillReport report = drills.run(id, folder, start, verifier.verify(id, folder));
      record(folder, report);
      var event = report.passed() ? log.atInfo().setMessage("drill_passed")
          : log.atWarn().setMessage("drill_failed");
      event.addKeyValue("backup_id", id).addKeyValue("outcome", report.outcome().wireName())
          .addKeyValue("checksum_status", report.checksumStatus().wireName())
          .addKeyValue("integrity_status", report.integrityStatus().wireName())
          .addKeyValue("restore_result", report.restoreResult().wireName())
          .addKeyValue("row_count_check", report.rowCountCheck().wireName())
          .addKeyValue("duration_ms", report.durationMs());
      if (!report.problems().isEmpty()) {
        event.addKeyValue("problems", report.problems().toString());
      }
      event.log();
      return report;
    });
  }

  private void record(Path folder, DrillReport report) {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, ".verify-*.tmp")) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
      }
      String stamp = Layout.stamp(report.startedAt());
      String name = Layout.DRILL_PREFIX + stamp + ".json";
      for (int n = 1; Files.exists(folder.resolve(name)); n++) {
        name = Layout.DRILL_PREFIX + stamp + "-" + n + ".json";
      }
      Fs.writeAtomically(folder.resolve(name), Json.write(report));
    } catch (IOException e) {
      log.atWarn().setMessage("drill_record_failed").addKeyValue("folder", folder)
          .addKeyValue("error", redactor.redact(e)).log();
    }
  }

  /** The drills recorded for backup {@code id}, oldest first. */
  public List<DrillReport> drills(String id) {
    return Catalog.drills(resolve(id));
  }

  /**
   * Applies retention: keeps what {@code policy} keeps, never the newest backup that passed a
   * drill nor one being read, and removes leftovers of crashed runs. A dry run deletes nothing and
   * returns the plan.
   *
   * @throws BackupBusyException when a backup, drill or prune holds the lock
   */
  public RetentionPlan prune(RetentionPolicy policy, boolean dryRun) {
    return locked(dryRun ? "prune --dry-run" : "prune",
        () -> new Pruner(root, clock, catalog, readers).prune(policy, dryRun));
  }

  /**
   * Marks backup {@code id} as being read until the result is closed, so retention keeps it.
   *
   * @throws BackupException when there is no such complete backup
   */
  public Closeable openReader(String id) {
    try {
      ReaderLocks.Reader reader = readers.open(id);
      if (find(id).isEmpty()) {
        reader.close();
        throw new BackupException("no complete backup " + id + " in " + root);
      }
      return reader;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark " + id + " as being read: " + e.getMessage(), e);
    }
  }

  /**
   * Copies every backup the target lacks, confirming each copy by SHA-256 before it is published
   * there, and records the time when the target holds them all. Each backup is marked as being
   * read while it is copied, so retention may run meanwhile.
   */
  public SyncReport sync(OffsiteTarget target) {
    return new OffsiteSync(this, target).run();
  }

  /** Applies {@code policy} to the backups on {@code target}, as {@link #prune} does here. */
  public RetentionPlan pruneOffsite(OffsiteTarget target, RetentionPolicy policy, boolean dryRun) {
    return new OffsiteSync(this, target).prune(policy, dryRun);
  }

  /** When an offsite sync last left the target holding every local backup. */
  public Optional<Instant> lastOffsiteSync() {
    return OffsiteSync.lastSync(root);
  }

  /**
   * A real restore: replaces the current state behind {@code target} with the artifact of backup
   * {@code id}. It refuses unless {@code confirmation} equals the backup id, verifies the backup
   * first, and takes a safety backup of the current state (labelled as such) before writing.
   *
   * @return the safety backup taken before the restore
   * @throws BackupException when not confirmed, when the backup is damaged or lacks the artifact,
   *     or when the safety backup fails; nothing is restored then
   */
  public Backup restore(String id, RestoreTarget target, String confirmation) {
    return new RealRestore(this, verifier, readers, redactor).run(id, target, confirmation);
  }

  // for RealRestore, under the lock it holds
  Backup safetyBackup(String label) {
    if (sources.isEmpty()) {
      throw new BackupException("cannot take a safety backup before restoring: " + root
          + " has no sources; configure the source of the data being restored");
    }
    return writeBackup(label);
  }

  /** {@code error}'s message with secrets masked by the repository's redactor. */
  public String redact(Throwable error) {
    return redactor.redact(error);
  }

  String host() {
    return host;
  }

  Redactor redactor() {
    return redactor;
  }

  ReaderLocks readers() {
    return readers;
  }

  static Duration since(Instant start, Clock clock) {
    Duration d = Duration.between(start, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }
}
