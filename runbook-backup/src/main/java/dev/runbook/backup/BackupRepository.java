package dev.runbook.backup;

import dev.runbook.backup.internal.ArtifactCrypto;
import dev.runbook.backup.internal.BackupWriter;
import dev.runbook.backup.internal.Catalog;
import dev.runbook.backup.internal.DrillRecords;
import dev.runbook.backup.internal.DrillRunner;
import dev.runbook.backup.internal.FolderVerifier;
import dev.runbook.backup.internal.Layout;
import dev.runbook.backup.internal.Pruner;
import dev.runbook.backup.internal.ReaderLocks;
import dev.runbook.backup.internal.RepositoryLock;
import dev.runbook.backup.internal.SourceRules;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.SyncReport;
import dev.runbook.backup.report.VerifyResult;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreTarget;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.core.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  private final ArtifactCrypto crypto;
  private final Builder settings;

  private BackupRepository(Builder b) {
    this.settings = b.copyFor(b.root);
    this.root = b.root;
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.service = b.service;
    this.host = b.host;
    this.sources = List.copyOf(b.sources);
    this.lock = new RepositoryLock(root, b.lockWait, clock);
    this.readers = new ReaderLocks(root);
    this.catalog = new Catalog(root);
    this.writer = new BackupWriter(root, clock, b.compression, b.compressionWorkers,
        b.lowPriority, b.encryption.crypto(), service, host);
    this.crypto = b.encryption.crypto();
    this.verifier = new FolderVerifier(clock, redactor, crypto);
    this.drills = new DrillRunner(clock, redactor, Map.copyOf(b.verifiers),
        b.scratch == null ? root : b.scratch, b.lowPriority, b.encryption.crypto());
  }

  /** How artifacts are encrypted and decrypted here. */
  ArtifactCrypto crypto() {
    return crypto;
  }

  /**
   * This repository's configuration (sources, verifiers, compression, encryption) over another
   * folder of backups in the same layout, such as a {@link DirectoryTarget}'s offsite copy:
   * {@code list}, {@code verify}, drills and restores then read backups from there, and drills
   * restore into this repository's scratch folder. On a host that lost its data, this is the
   * way back from the offsite copy.
   */
  public BackupRepository at(Path otherRoot) {
    Builder b = settings.copyFor(otherRoot);
    b.scratch = settings.scratch != null ? settings.scratch : root;
    return new BackupRepository(b);
  }

  /** A builder for a repository in {@code root}, created on first use. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  public Path root() {
    return root;
  }

  public String service() {
    return service;
  }

  String host() {
    return host;
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
    return locked("backup", () -> writer.take(label, sources, redactor));
  }

  // also for RealRestore
  <T> T locked(String operation, RepositoryLock.Work<T> work) {
    try {
      return lock.with(operation, host, work);
    } catch (IOException e) {
      throw new UncheckedIOException(operation + " in " + root + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Backups that cannot be trusted, with the reason, oldest first: a damaged manifest or
   * checksum file, a folder renamed away from its manifest, a damaged drill record. They are never
   * dropped silently: {@code list} shows them, {@code verify} fails them, retention keeps them.
   */
  public List<DamagedBackup> damaged() {
    return catalog.damaged();
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
    if (idOrFolder.isBlank()) {
      throw new BackupException("no backup given (an empty id); give an id that list shows, or"
          + " the path of a backup folder");
    }
    Path path = Path.of(idOrFolder).toAbsolutePath().normalize();
    if (!Files.isDirectory(path)) {
      throw new BackupException("\"" + idOrFolder + "\" is neither a backup in " + root
          + " nor a folder; give an id that list shows, or the path of a backup folder");
    }
    // a drill records its report in the folder: never in one that is no backup at all
    Path name = path.getFileName();
    if ((name == null || !Layout.isBackupId(name.toString()))
        && !Files.exists(path.resolve(Layout.MANIFEST))) {
      throw new BackupException(path + " is not a backup folder: it has no " + Layout.MANIFEST
          + " and is not named by a backup id; give an id that list shows, or the path of a"
          + " backup folder");
    }
    return path;
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

  // for OffsiteCopies: a folder not (yet) named by its id
  VerifyResult verifyAs(String id, Path folder) {
    return verifier.verify(id, folder).result();
  }

  /** Runs a drill on backup {@code id}; see {@link #restoreVerify(Path)}. */
  public DrillReport restoreVerify(String id) {
    return restoreVerify(resolve(id));
  }

  /**
   * The drill: verify the folder, restore each artifact into a scratch target with the verifier
   * for its kind, run its integrity checks, compare row counts with the manifest, and record the
   * report as {@code drill-<timestamp>.json} in the folder. Production data is never touched.
   *
   * @throws BackupBusyException when a backup, drill or prune holds the lock
   */
  public DrillReport restoreVerify(Path folder) {
    String id = folder.getFileName().toString();
    return locked("restore-verify of " + id, () -> {
      Instant start = clock.instant();
      DrillReport report = drills.run(id, folder, start);
      DrillRecords.record(folder, report, redactor);
      DrillRecords.log(report);
      return report;
    });
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

  /**
   * Copies backup {@code id} from {@code target} into this repository, so that it can be restored
   * here: on a host that lost its data, the way back from object storage. A backup this repository
   * already holds is returned as it is. The copy is published under its id only once complete.
   *
   * @throws BackupException when the target has no complete backup {@code id}
   * @throws BackupBusyException when a backup, drill or prune holds the lock
   */
  public Backup fetch(OffsiteTarget target, String id) {
    return new OffsiteCopies(this, target).fetchInto(id);
  }

  /**
   * Runs {@code work} over a repository with this one's configuration that holds a fresh copy of
   * backup {@code id} from {@code target}, removed afterwards: {@code verify --remote} and {@code
   * restore-verify --remote} on object storage. A {@link DirectoryTarget} needs no copy: use
   * {@link #at} on its folder.
   *
   * @throws BackupBusyException when a backup, drill or prune holds this repository's lock
   */
  public <T> T withOffsiteCopy(OffsiteTarget target, String id,
      java.util.function.Function<BackupRepository, T> work) {
    return new OffsiteCopies(this, target).withCopy(id, work);
  }

  /**
   * Runs {@code work} over a repository that holds the manifests and drill records of every backup
   * on {@code target} (no artifacts): {@code list --remote} on object storage.
   */
  public <T> T withOffsiteManifests(OffsiteTarget target,
      java.util.function.Function<BackupRepository, T> work) {
    return new OffsiteCopies(this, target).withManifests(work);
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
   * @return the safety backup taken before the restore, or null when the target held no data
   *     (see {@link RestoreTarget#holdsData}): a new host has nothing to keep
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
    return writer.take(label, sources, redactor);
  }

  /** {@code error}'s message with secrets masked by the repository's redactor. */
  public String redact(Throwable error) {
    return redactor.redact(error);
  }

  /**
   * Configures a {@link BackupRepository}. Every call is checked when it is made, and {@link
   * #build} checks the whole: an error names the option, the value and what to do.
   */
  public static final class Builder {

    private final Path root;
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();
    private String service = "service";
    private String host;
    private Compression compression = Compression.ZSTD;
    private int compressionWorkers = Runtime.getRuntime().availableProcessors();
    private boolean lowPriority = true;
    private BackupEncryption encryption = BackupEncryption.none();
    private final List<BackupSource> sources = new ArrayList<>();
    private final Map<String, RestoreVerifier> verifiers = new LinkedHashMap<>();
    private final Map<String, RestoreVerifier> explicitVerifiers = new LinkedHashMap<>();
    private Duration lockWait = Duration.ZERO;
    private Path scratch;
    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The clock that stamps backups and drills; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Masks secrets in errors written to logs and reports; default {@link Redactor#defaults()}. */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** The service name written into every manifest; default {@code service}. */
    public Builder service(String service) {
      if (service == null || service.isBlank()) {
        throw new IllegalArgumentException("service is blank; give the service's name, e.g."
            + " \"bibliotheca\"");
      }
      this.service = service.trim();
      return this;
    }

    /** The host name written into every manifest; default this machine's name. */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host is blank; leave it unset to use this machine's");
      }
      this.host = host.trim();
      return this;
    }

    /** How artifacts are compressed; default {@link Compression#ZSTD}. */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The threads that compress with zstd while the source streams, as {@code zstd -T}; default
     * one a core. 1 keeps a backup to one core beside the source (for a service that must keep
     * its other cores to itself); gzip always uses one.
     */
    public Builder compressionWorkers(int workers) {
      if (workers < 1 || workers > 256) {
        throw new IllegalArgumentException("compressionWorkers must be between 1 and 256; it was "
            + workers);
      }
      this.compressionWorkers = workers;
      return this;
    }

    /**
     * Whether backups and drills run at a lower CPU priority (nice 10 on Linux, with the zstd
     * workers and database tools they start), so the service's own threads win the cores while
     * one runs; default true. On an idle host it changes nothing.
     */
    public Builder lowPriority(boolean lower) {
      this.lowPriority = lower;
      return this;
    }

    /**
     * Encryption at rest in the age format; default none. New artifacts are encrypted to its
     * recipients; drills, verification and restores decrypt with its identity file.
     */
    public Builder encryption(BackupEncryption encryption) {
      this.encryption = Objects.requireNonNull(encryption, "encryption");
      return this;
    }

    /**
     * Adds an artifact to every backup, written in the order added. Its verifier, if it offers one,
     * is registered for its kind unless {@link #verifier} gave one.
     */
    public Builder source(BackupSource source) {
      SourceRules.check(source, sources);
      sources.add(source);
      source.verifier().ifPresent(v -> {
        if (!explicitVerifiers.containsKey(source.kind())) {
          verifiers.put(source.kind(), v);
        }
      });
      return this;
    }

    /** Registers the verifier drills use for its kind, replacing any a source offered. */
    public Builder verifier(RestoreVerifier verifier) {
      String kind = SourceRules.checkVerifier(verifier, explicitVerifiers);
      explicitVerifiers.put(kind, verifier);
      verifiers.put(kind, verifier);
      return this;
    }

    /**
     * How long a backup, drill or prune waits for another thread of this repository to release the
     * lock before failing with {@link BackupBusyException}; default zero, fail at once. Another
     * process holding the lock always fails at once.
     */
    public Builder lockWait(Duration wait) {
      if (wait == null || wait.isNegative()) {
        throw new IllegalArgumentException("lockWait is " + wait + "; use zero or more");
      }
      this.lockWait = wait;
      return this;
    }

    /**
     * Where drills make their scratch folders; default the repository root, so that restored copies
     * are on the same disk as the backups and never in the service's data folder.
     */
    public Builder scratch(Path scratch) {
      this.scratch = Objects.requireNonNull(scratch, "scratch").toAbsolutePath().normalize();
      return this;
    }

    public BackupRepository build() {
      if (host == null) {
        host = SourceRules.localHost();
      }
      return new BackupRepository(this);
    }

    /** A copy of these settings for a repository in {@code otherRoot}. */
    Builder copyFor(Path otherRoot) {
      Builder b = new Builder(otherRoot);
      b.clock = clock;
      b.redactor = redactor;
      b.service = service;
      b.host = host;
      b.compression = compression;
      b.compressionWorkers = compressionWorkers;
      b.lowPriority = lowPriority;
      b.encryption = encryption;
      b.sources.addAll(sources);
      b.verifiers.putAll(verifiers);
      b.explicitVerifiers.putAll(explicitVerifiers);
      b.lockWait = lockWait;
      b.scratch = scratch;
      return b;
    }
  }
}
