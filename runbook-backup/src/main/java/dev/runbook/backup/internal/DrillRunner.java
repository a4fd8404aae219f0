package dev.runbook.backup.internal;

import dev.runbook.backup.Artifact;
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
 */
public final class DrillRunner {

  private final Clock clock;
  private final Redactor redactor;
  private final Map<String, RestoreVerifier> verifiers;
  private final Path scratchRoot;

  public DrillRunner(Clock clock, Redactor redactor, Map<String, RestoreVerifier> verifiers,
      Path scratchRoot) {
    this.clock = clock;
    this.redactor = redactor;
    this.verifiers = verifiers;
    this.scratchRoot = scratchRoot;
  }

  public DrillReport run(String id, Path folder, Instant start, FolderVerifier.Outcome verified) {
    VerifyResult verify = verified.result();
    Manifest manifest = verified.manifest();
    List<ArtifactDrill> artifacts = new ArrayList<>();
    if (manifest != null && manifest.formatVersion() <= Manifest.FORMAT_VERSION) {
      for (Artifact artifact : manifest.artifacts()) {
        artifacts.add(drill(id, folder, artifact, verify.isBad(artifact.file())));
      }
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

  private ArtifactDrill drill(String id, Path folder, Artifact artifact, boolean bad) {
    if (bad) {
      return skipped(artifact, CheckStatus.FAIL,
          "not restored: " + artifact.file() + " failed verification");
    }
    RestoreVerifier verifier = verifiers.get(artifact.kind());
    if (verifier == null) {
      return skipped(artifact, CheckStatus.PASS, "no restore verifier for kind \""
          + artifact.kind() + "\"; register one with BackupRepository.Builder.verifier(...)");
    }
    Instant start = clock.instant();
    Path scratch = scratchRoot.resolve(Layout.SCRATCH_PREFIX + id + "-" + artifact.name() + "-"
        + UUID.randomUUID());
    String unavailable = scratchUnavailable(verifier, artifact);
    if (unavailable != null) {
      return skipped(artifact, CheckStatus.PASS, redactor.redact(unavailable));
    }
    RestoreCheck check;
    String error = null;
    try {
      Files.createDirectories(scratch);
      check = verifier.restore(new Context(artifact, scratch, folder.resolve(artifact.file())));
      if (check == null) {
        throw new IllegalStateException("verifier for kind " + artifact.kind() + " returned null");
      }
    } catch (RestoreUnavailableException e) {
      return skipped(artifact, CheckStatus.PASS, "not restored: " + redactor.redact(e));
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
    if (check == null) {
      return new ArtifactDrill(artifact.name(), artifact.kind(), artifact.file(), CheckStatus.PASS,
          RestoreResult.FAILED, CheckStatus.NOT_RUN, List.of(), List.of(), CheckStatus.NOT_RUN,
          List.of(), duration, error);
    }
    List<TableCount> counts = compare(artifact.rowCounts(), check.rowCounts());
    boolean countsMatch = counts.stream().allMatch(TableCount::matches);
    return new ArtifactDrill(artifact.name(), artifact.kind(), artifact.file(), CheckStatus.PASS,
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

    Context(Artifact artifact, Path scratch, Path file) {
      this.artifact = artifact;
      this.scratch = scratch;
      this.file = file;
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
      return Codecs.open(artifact.compression(), file);
    }
  }
}
