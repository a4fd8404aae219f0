package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.files.FileSetSource;
import dev.runbook.backup.report.CheckStatus;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One flipped byte or a truncation in any file of a backup fails verify and the drill, by name. */
class DamageTest {

  @TempDir Path tmp;

  static List<Arguments> damage() {
    List<Arguments> cases = new ArrayList<>();
    for (Compression c : Compression.values()) {
      for (String file : List.of("files.tar" + c.suffix(), "notes.txt" + c.suffix(),
          "manifest.json", "manifest.json.sha256")) {
        cases.add(Arguments.of(c, file, "flip"));
        cases.add(Arguments.of(c, file, "truncate"));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{2} {1}")
  @MethodSource("damage")
  void shouldFailVerifyAndDrillNamingTheDamagedFile(Compression compression, String file,
      String how) throws Exception {
    Path service = Fixtures.serviceFolder(tmp.resolve("service"));
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .compression(compression)
        .source(FileSetSource.builder("files", service).build())
        .source(Fixtures.textSource("notes", "text", "a\nb\nc\n", 3))
        .verifier(Fixtures.lineCounter("text")).build();
    Backup backup = repo.backup();
    assertThat(repo.restoreVerify(backup.id()).passed()).isTrue();
    Path target = backup.folder().resolve(file);
    if (how.equals("flip")) {
      Fixtures.flipByte(target, Files.size(target) / 2);
    } else {
      Fixtures.truncate(target);
    }

    VerifyResult verify = repo.verify(backup.id());
    assertThat(verify.passed()).isFalse();
    assertThat(verify.problems().toString()).contains(file);

    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.FAIL);
    assertThat(drill.checksumStatus()).isEqualTo(CheckStatus.FAIL);
    assertThat(drill.problems().toString()).contains(file);
    if (file.equals("manifest.json")) {
      // a manifest that does not match its checksum line no longer vouches for the backup
      assertThat(repo.list()).isEmpty();
    } else if (!file.startsWith("manifest")) {
      // the drill hashes an artifact while it restores it: the damaged one fails its checksum
      // whether its restore failed or (uncompressed, where nothing else notices) went through
      assertThat(drill.artifacts()).filteredOn(a -> a.file().equals(file)).singleElement()
          .satisfies(a -> assertThat(a.checksumStatus()).isEqualTo(CheckStatus.FAIL));
    }
    // whatever was damaged, the backup no longer counts as proven by a drill
    assertThat(repo.find(backup.id()).map(Backup::passedDrill).orElse(false)).isFalse();
  }
}
