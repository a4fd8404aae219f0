package dev.runbook.backup.internal;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.Compression;
import dev.runbook.backup.Manifest;
import dev.runbook.backup.report.ArtifactDrill;
import dev.runbook.backup.report.CheckStatus;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RestoreResult;
import dev.runbook.backup.report.TableCount;
import dev.runbook.backup.report.VerifyResult;
import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreUnavailableException;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.core.Redactor;
import dev.runbook.backup.report.FileProblem;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The restore-verify drill: verify the folder, then restore each sound artifact with the verifier
 * for its kind into a scratch folder of its own, take the engine's integrity verdict and compare
 * row counts with the manifest. The scratch folder is deleted whatever happens.
 *
 * <p>Each artifact is read once: the stream the verifier restores from hashes the stored bytes
 * and counts the decoded ones as it goes, and when the verifier has read it to the end that is
 * the artifact's verification. When it has not (it failed, or read another way), the artifact is
 * hashed and decoded in a pass of its own, so a damaged file is always named.
 */
public final class DrillRunner {

  private final Clock clock;
  private final Redactor redactor;
  private final Map<String, RestoreVerifier> verifiers;
  private final Path scratchRoot;
  private final FolderVerifier folders;
  private final boolean lowPriority;
  private final ArtifactCrypto crypto;

  public DrillRunner(Clock clock, Redactor redactor, Map<String, RestoreVerifier> verifiers,
      Path scratchRoot, boolean lowPriority, ArtifactCrypto crypto) {
    this.clock = clock;
    this.redactor = redactor;
    this.verifiers = verifiers;
    this.scratchRoot = scratchRoot;
    this.lowPriority = lowPriority;
    this.crypto = crypto;
    this.folders = new FolderVerifier(clock, redactor, crypto);
  }

  /** Verifies the folder (the artifacts' content while they are restored) and drills it. */
  public DrillReport run(String id, Path folder, Instant start) {
    FolderVerifier.Outcome verified = folders.verify(id, folder, false);
    VerifyResult verify = verified.result();
    Manifest manifest = verified.manifest();
    List<ArtifactDrill> artifacts = new ArrayList<>();
    List<FileProblem> found = new ArrayList<>();
    if (manifest != null && manifest.formatVersion() <= Manifest.FORMAT_VERSION) {
      for (Artifact artifact : manifest.artifacts()) {
        artifacts.add(drill(id, folder, artifact, verify.isBad(artifact.file()), found));
      }
    }
    if (!found.isEmpty()) {
      List<FileProblem> all = new ArrayList<>(verify.problems());
      all.addAll(found);
      verify = new VerifyResult(verify.backupId(), verify.folder(), verify.checkedAt(),
          millis(verify.checkedAt(), clock.instant()), verify.filesChecked(), all);
    }
    CheckStatus checksum = verify.passed() ? CheckStatus.PASS : CheckStatus.FAIL;
    CheckStatus integrity = artifacts.isEmpty() ? CheckStatus.NOT_RUN : CheckStatus.PASS;
    CheckStatus rows = integrity;
    RestoreResult restore = artifacts.isEmpty() ? RestoreResult.SKIPPED : RestoreResult.RESTORED;
    for (ArtifactDrill a : artifacts) {
      integrity = integrity.and(a.integrityStatus());
      rows = rows.and(a.rowCountCheck());
      if (a.restoreResult() == RestoreResult.FAILED) {
        restore = RestoreResult.FAILED;
      } else if (a.restoreResult() == RestoreResult.SKIPPED && restore != RestoreResult.FAILED) {
        restore = RestoreResult.SKIPPED;
      }
    }
    DrillOutcome outcome;
    if (checksum == CheckStatus.FAIL || integrity == CheckStatus.FAIL || rows == CheckStatus.FAIL
        || restore == RestoreResult.FAILED) {
      outcome = DrillOutcome.FAIL;
    } else if (integrity == CheckStatus.NOT_RUN || rows == CheckStatus.NOT_RUN
        || restore == RestoreResult.SKIPPED) {
      outcome = DrillOutcome.INCONCLUSIVE;
    } else {
      outcome = DrillOutcome.PASS;
    }
    Instant end = clock.instant();
    return new DrillReport(id, outcome, start, end, millis(start, end), checksum, restore,
        integrity, rows, verify.problems(), artifacts);
  }

  private ArtifactDrill drill(String id, Path folder, Artifact artifact, boolean bad,
      List<FileProblem> found) {
    if (bad) {
      return skipped(artifact, CheckStatus.FAIL,
          "not restored: " + artifact.file() + " failed verification");
    }
    RestoreVerifier verifier = verifiers.get(artifact.kind());
    if (verifier == null) {
      return unrestored(folder, artifact, found, "no restore verifier for kind \""
          + artifact.kind() + "\"; register one with BackupRepository.Builder.verifier(...)");
    }
    Instant start = clock.instant();
    Path scratch = scratchRoot.resolve(Layout.SCRATCH_PREFIX + id + "-" + artifact.name() + "-"
        + UUID.randomUUID());
    String undecodable = crypto.undecodable(artifact, folder.resolve(artifact.file()));
    if (undecodable != null) {
      return unrestored(folder, artifact, found, "not restored: " + redactor.redact(undecodable));
    }
    String unavailable = scratchUnavailable(verifier, artifact);
    if (unavailable != null) {
      return unrestored(folder, artifact, found, redactor.redact(unavailable));
    }
    RestoreCheck check;
    String error = null;
    Context context = new Context(artifact, scratch, folder.resolve(artifact.file()), crypto);
    List<FileProblem> content = null;
    try {
      Files.createDirectories(scratch);
      try {
        check = LowPriority.call("runbook-drill-" + artifact.name(), lowPriority,
            () -> verifier.restore(context));
      } finally {
        content = context.verdict();
        if (content == null) {
          content = folders.content(folder, artifact);
        }
      }
      if (check == null) {
        throw new IllegalStateException("verifier for kind " + artifact.kind() + " returned null");
      }
    } catch (RestoreUnavailableException e) {
      content = content != null ? content : folders.content(folder, artifact);
      found.addAll(content);
      return skipped(artifact, content.isEmpty() ? CheckStatus.PASS : CheckStatus.FAIL,
          "not restored: " + redactor.redact(e));
    } catch (Exception e) {
      check = null;
      error = redactor.redact(e);
    } finally {
      try {
        Fs.deleteTree(scratch);
      } catch (IOException e) {
        error = error != null ? error
            : redactor.redact("scratch folder " + scratch + " could not be removed: " + e);
      }
    }
    long duration = millis(start, clock.instant());
    if (content == null) { // the scratch folder could not be made
      content = folders.content(folder, artifact);
    }
    found.addAll(content);
    CheckStatus checksum = content.isEmpty() ? CheckStatus.PASS : CheckStatus.FAIL;
    if (check == null) {
      return new ArtifactDrill(artifact.name(), artifact.kind(), artifact.file(), checksum,
          RestoreResult.FAILED, CheckStatus.NOT_RUN, List.of(), List.of(), CheckStatus.NOT_RUN,
          List.of(), duration, error);
    }
    List<TableCount> counts = compare(artifact.rowCounts(), check.rowCounts());
    boolean countsMatch = counts.stream().allMatch(TableCount::matches);
    return new ArtifactDrill(artifact.name(), artifact.kind(), artifact.file(), checksum,
        RestoreResult.RESTORED, check.integrityPassed() ? CheckStatus.PASS : CheckStatus.FAIL,
        check.checks(), check.problems(), countsMatch ? CheckStatus.PASS : CheckStatus.FAIL,
        counts, duration, error);
  }

  /**
   * Why the scratch folder cannot take this restore (it cannot be made, or has too little free
   * space), or null when it can.
   */
  private String scratchUnavailable(RestoreVerifier verifier, Artifact artifact) {
    try {
      Files.createDirectories(scratchRoot);
      long needed = verifier.scratchBytes(artifact);
      long free = FreeSpace.usable(scratchRoot);
      if (needed > free) {
        return "not restored: the scratch folder " + scratchRoot + " has " + free + " bytes ("
            + FreeSpace.human(free) + ") free and the restore of " + artifact.file() + " needs"
            + " about " + needed + " (" + FreeSpace.human(needed) + "); free space there or set"
            + " the drill's scratch folder (DRILL_SCRATCH_DIR) to a larger disk";
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "not restored: the scratch folder " + scratchRoot + " cannot be used (" + e
          + "); set the drill's scratch folder (DRILL_SCRATCH_DIR) to a writable folder";
    }
  }

  /** An artifact the drill cannot restore: still verified, in a pass of its own. */
  private ArtifactDrill unrestored(Path folder, Artifact artifact, List<FileProblem> found,
      String why) {
    List<FileProblem> content = folders.content(folder, artifact);
    found.addAll(content);
    return skipped(artifact, content.isEmpty() ? CheckStatus.PASS : CheckStatus.FAIL, why);
  }

  private static ArtifactDrill skipped(Artifact artifact, CheckStatus checksum, String why) {
    return new ArtifactDrill(artifact.name(), artifact.kind(), artifact.file(), checksum,
        RestoreResult.SKIPPED, CheckStatus.NOT_RUN, List.of(), List.of(), CheckStatus.NOT_RUN,
        List.of(), 0, why);
  }

  /** Every table either side knows, the manifest's order first. */
  private static List<TableCount> compare(Map<String, Long> expected, Map<String, Long> actual) {
    Set<String> tables = new LinkedHashSet<>(expected.keySet());
    tables.addAll(actual.keySet());
    List<TableCount> counts = new ArrayList<>();
    for (String table : tables) {
      counts.add(new TableCount(table, expected.get(table), actual.get(table)));
    }
    return counts;
  }

  private static long millis(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis());
  }

  private static final class Context implements RestoreContext {
    private final Artifact artifact;
    private final Path scratch;
    private final Path file;
    private Tally first;
    private String copiedSha;
    private long copiedRaw = -1;
    private boolean copyFailed;
    private final ArtifactCrypto crypto;

    Context(Artifact artifact, Path scratch, Path file, ArtifactCrypto crypto) {
      this.artifact = artifact;
      this.scratch = scratch;
      this.file = file;
      this.crypto = crypto;
    }

    @Override
    public Artifact artifact() {
      return artifact;
    }

    @Override
    public Path scratch() {
      return scratch;
    }

    @Override
    public InputStream open() throws IOException {
      MeasuredInputStream stored = new MeasuredInputStream(
          new BufferedInputStream(Files.newInputStream(file), 64 * 1024));
      InputStream decoded;
      try {
        decoded = crypto.decode(artifact, stored);
      } catch (IOException | RuntimeException e) {
        stored.close();
        throw e;
      }
      Tally tally = new Tally(decoded, stored, artifact.rawBytes());
      if (first == null) {
        first = tally;
      }
      return tally;
    }

    @Override
    public long copyTo(Path target) throws IOException {
      if (artifact.compression() != Compression.ZSTD || ArtifactCrypto.encrypted(artifact)) {
        return RestoreContext.super.copyTo(target);
      }
      try {
        long raw = ZstdFileCopy.copy(file, target, artifact.rawBytes(), copied -> {
          if (copiedSha == null) {
            copiedSha = copied;
          }
        });
        copiedRaw = copiedRaw < 0 ? raw : copiedRaw;
        return raw;
      } catch (IOException | RuntimeException e) {
        copyFailed = true;
        throw e;
      }
    }

    /**
     * What the first pass to the end found wrong (nothing, when the artifact is sound), or null
     * when no pass was made to the end.
     */
    List<FileProblem> verdict() {
      if (copiedSha != null && copiedRaw >= 0 && !copyFailed) {
        return FolderVerifier.contentProblems(artifact, copiedSha, null, copiedRaw);
      }
      String sha = first == null ? null : first.sha();
      return sha == null ? null
          : FolderVerifier.contentProblems(artifact, sha, null, first.raw);
    }
  }

  /**
   * The decoded artifact as the verifier reads it, counted, over its stored bytes, hashed; it
   * stops a stream that decodes to more than the manifest says, so a damaged or forged artifact
   * cannot fill the scratch disk.
   */
  private static final class Tally extends FilterInputStream {
    private final MeasuredInputStream stored;
    private final long limit;
    private long raw;
    private boolean end;
    private boolean failed;
    private String sha;

    Tally(InputStream decoded, MeasuredInputStream stored, long limit) {
      super(decoded);
      this.stored = stored;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw e;
      }
      if (n < 0) {
        end = true;
      } else {
        raw += n;
        if (raw > limit) {
          failed = true;
          throw new IOException("the artifact decodes to more than the " + limit
              + " bytes its manifest says; it is damaged");
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
      int read = read(buffer, 0, buffer.length);
      return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() throws IOException {
      try {
        sha();
      } finally {
        super.close();
      }
    }

    /** The stored bytes' SHA-256 once decoded to the end without error, else null. */
    String sha() {
      if (sha == null && end && !failed) {
        try {
          stored.drain(); // what follows the compressed stream's end is hashed too
          sha = stored.sha256Hex();
        } catch (IOException e) {
          failed = true;
        }
      }
      return sha;
    }
  }
}
