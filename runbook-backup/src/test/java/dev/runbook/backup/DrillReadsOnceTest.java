package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.report.CheckStatus;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill reads each artifact once: the restore's own pass hashes and counts it. */
class DrillReadsOnceTest {

  @TempDir Path tmp;

  private BackupRepository repo(RestoreVerifier verifier) {
    return BackupRepository.builder(tmp.resolve("backups"))
        .source(Fixtures.textSource("notes", "text", "line\n".repeat(50_000), 50_000))
        .verifier(verifier).build();
  }

  /** Counts lines, reading the stream to its end. */
  private static RestoreVerifier reader() {
    return new RestoreVerifier() {
      @Override
      public String kind() {
        return "text";
      }

      @Override
      public RestoreCheck restore(RestoreContext context) throws IOException {
        long lines = 0;
        try (var in = context.open()) {
          for (int b; (b = in.read()) >= 0; ) {
            lines += b == '\n' ? 1 : 0;
          }
        }
        return RestoreCheck.passed(List.of("lines"), Map.of("lines", lines));
      }
    };
  }

  @Test
  void theRestoresPassIsTheVerificationNoSecondReadFollows() {
    Path root = tmp.resolve("backups");
    BackupRepository repo = repo(new RestoreVerifier() {
      @Override
      public String kind() {
        return "text";
      }

      @Override
      public RestoreCheck restore(RestoreContext context) throws Exception {
        RestoreCheck check = reader().restore(context);
        // gone after the read: a second pass over it would find nothing to read
        try (var folders = Files.list(root)) {
          for (Path folder : folders.filter(Files::isDirectory).toList()) {
            Files.deleteIfExists(folder.resolve(context.artifact().file()));
          }
        }
        return check;
      }
    });
    Backup backup = repo.backup();

    DrillReport drill = repo.restoreVerify(backup.id());

    assertThat(drill.outcome()).as(drill.toString()).isEqualTo(DrillOutcome.PASS);
    assertThat(drill.checksumStatus()).isEqualTo(CheckStatus.PASS);
    assertThat(drill.artifacts().get(0).rowCounts().get(0).actual()).isEqualTo(50_000L);
  }

  @Test
  void anArtifactThatDecodesToMoreThanItsManifestSaysIsStoppedThere() throws Exception {
    BackupRepository repo = repo(reader());
    Backup backup = repo.backup();
    long raw = backup.manifest().artifacts().get(0).rawBytes();
    // a manifest that understates the size, with a checksum line to match, as a forger would
    Path manifest = backup.folder().resolve("manifest.json");
    String json = Files.readString(manifest);
    String forged = json.replace("\"raw_bytes\" : " + raw, "\"raw_bytes\" : 1000")
        .replace("\"raw_bytes\":" + raw, "\"raw_bytes\":1000");
    assertThat(forged).isNotEqualTo(json);
    Files.writeString(manifest, forged);
    Path sums = backup.folder().resolve("manifest.json.sha256");
    String oldSum = hex(json.getBytes(StandardCharsets.UTF_8));
    Files.writeString(sums, Files.readString(sums)
        .replace(oldSum, hex(forged.getBytes(StandardCharsets.UTF_8))));

    DrillReport drill = repo.restoreVerify(backup.id());

    assertThat(drill.outcome()).isEqualTo(DrillOutcome.FAIL);
    assertThat(drill.artifacts().get(0).error()).contains("decodes to more than the 1000 bytes");
    assertThat(drill.problems().toString()).contains("notes.txt.zst")
        .contains("decodes to " + raw + " bytes, manifest says 1000");
  }

  private static String hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
