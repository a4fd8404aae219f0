package dev.runbook.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.backup.Artifact;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.Fixtures;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.spi.RestoreTarget;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore <id> --confirm <id>}: refused unless confirmed, always after a safety backup. */
class RestoreCommandTest {

  @TempDir Path tmp;
  Path live;
  BackupRepository repo;
  BackupCommandLine cli;
  String out;
  String err;

  /** The service's "database": a file the source reads and the target writes. */
  @BeforeEach
  void setUp() throws Exception {
    live = Files.writeString(tmp.resolve("notes.txt"), "first\n");
    repo = BackupRepository.builder(tmp.resolve("backups")).service("notes")
        .source(Fixtures.fileSource("notes", live)).build();
    RestoreTarget target = new RestoreTarget() {
      @Override
      public String artifact() {
        return "notes";
      }

      @Override
      public String describe() {
        return "file " + live;
      }

      @Override
      public void restore(InputStream data, Artifact artifact) throws Exception {
        Files.copy(data, live, StandardCopyOption.REPLACE_EXISTING);
      }
    };
    cli = new BackupCommandLine(repo, RetentionPolicy.defaults(), null, List.of(target));
  }

  int run(BackupCommandLine line, String... args) {
    CliRun run = CliRun.of(line, args);
    out = run.out();
    err = run.err();
    return run.status();
  }

  private String backupThenChange() throws Exception {
    String id = repo.backup().id();
    Files.writeString(live, "second\n");
    return id;
  }

  @Test
  void shouldRefuseWithoutConfirmationTouchingNothing() throws Exception {
    String id = backupThenChange();

    assertThat(run(cli, "restore", id)).isEqualTo(BackupCommandLine.USAGE);
    assertThat(err).contains("confirm by repeating the id: restore " + id + " --confirm " + id);
    assertThat(run(cli, "restore", id, "--confirm", "20200101T000000Z"))
        .isEqualTo(BackupCommandLine.FAILED);
    assertThat(err).contains("is not confirmed");
    assertThat(run(cli, "restore", id, "--confirm")).isEqualTo(BackupCommandLine.USAGE);

    assertThat(Files.readString(live)).isEqualTo("second\n");
    assertThat(repo.list()).hasSize(1);
  }

  @Test
  void shouldTakeASafetyBackupThenRestoreAndSayHowToUndoIt() throws Exception {
    String id = backupThenChange();

    assertThat(run(cli, "restore", id, "--confirm", id)).as(err).isZero();

    assertThat(Files.readString(live)).isEqualTo("first\n");
    assertThat(repo.list()).hasSize(2);
    String safety = repo.list().get(1).id();
    assertThat(repo.list().get(1).manifest().label()).startsWith("safety backup before restoring "
        + id);
    assertThat(out).contains("restored notes of backup " + id + " into file " + live)
        .contains("safety backup " + safety + " (restore " + safety + " --confirm " + safety);

    // and the safety backup puts the later state back
    assertThat(run(cli, "restore", safety, "--confirm", safety)).isZero();
    assertThat(Files.readString(live)).isEqualTo("second\n");
  }

  @Test
  void shouldAnswerInJson() throws Exception {
    String id = backupThenChange();

    assertThat(run(cli, "restore", id, "--confirm", id, "--json")).isZero();

    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("outcome").asText()).isEqualTo("pass");
    assertThat(json.get("backup_id").asText()).isEqualTo(id);
    assertThat(json.get("restored").get(0).get("safety_backup_id").asText())
        .isEqualTo(repo.list().get(1).id());
  }

  @Test
  void shouldRefuseADamagedBackupAndAServiceWithoutTargets() throws Exception {
    String id = backupThenChange();
    Path artifact = repo.root().resolve(id).resolve(repo.list().get(0).manifest().artifacts()
        .get(0).file());
    Fixtures.flipByte(artifact, Files.size(artifact) / 2);

    assertThat(run(cli, "restore", id, "--confirm", id)).isEqualTo(BackupCommandLine.FAILED);
    assertThat(err).contains("failed verification and was not restored");
    assertThat(Files.readString(live)).isEqualTo("second\n");

    BackupCommandLine none = new BackupCommandLine(repo, RetentionPolicy.defaults(), null);
    assertThat(run(none, "restore", id, "--confirm", id)).isEqualTo(BackupCommandLine.USAGE);
    assertThat(err).contains("names no restore target");
    assertThat(run(cli, "verify", id, "--confirm", id)).isEqualTo(BackupCommandLine.USAGE);
  }

  @Test
  void shouldListADamagedBackupWithItsReasonAndKeepItFromRetention() throws Exception {
    String id = backupThenChange();
    Path manifest = repo.root().resolve(id).resolve("manifest.json");
    Fixtures.flipByte(manifest, Files.size(manifest) / 2);

    assertThat(run(cli, "list")).isZero();
    assertThat(out).contains(id).contains("DAMAGED: manifest checksum mismatch; run verify " + id);
    assertThat(run(cli, "list", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(out).get(0).get("damaged").asText())
        .isEqualTo("manifest checksum mismatch");
    assertThat(run(cli, "prune", "--dry-run")).isZero();
    assertThat(out).contains("damaged (manifest checksum mismatch): retention never deletes a"
        + " damaged backup");
    assertThat(run(cli, "verify", id)).isEqualTo(BackupCommandLine.FAILED);
    assertThat(out + err).contains("manifest.json");
  }
}
