package dev.runbook.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.DirectoryTarget;
import dev.runbook.backup.Fixtures;
import dev.runbook.backup.Manifest;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.files.FileSetSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandLineTest {

  @TempDir Path tmp;
  BackupCommandLine cli;
  BackupCommandLine cliWithoutRemote;
  String out;
  String err;

  @BeforeEach
  void setUp() throws Exception {
    Path service = Fixtures.serviceFolder(tmp.resolve("service"));
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .service("bibliotheca").source(FileSetSource.builder("files", service).build()).build();
    cli = new BackupCommandLine(repo, RetentionPolicy.defaults(),
        new DirectoryTarget(tmp.resolve("offsite")));
    cliWithoutRemote = new BackupCommandLine(repo, RetentionPolicy.defaults(), null);
  }

  int run(BackupCommandLine line, String... args) {
    CliRun run = CliRun.of(line, args);
    out = run.out();
    err = run.err();
    return run.status();
  }

  @Test
  void shouldBackUpListVerifyDrillPruneAndSync() throws Exception {
    assertThat(run(cli, "backup")).isZero();
    String[] lines = out.strip().split("\n");
    Path folder = Path.of(lines[lines.length - 1]);
    assertThat(folder).isDirectory().startsWith(tmp.resolve("backups"));
    String id = folder.getFileName().toString();

    assertThat(run(cli, "list")).isZero();
    assertThat(out).contains(id).contains("never");

    assertThat(run(cli, "verify", id)).isZero();
    assertThat(out).startsWith("verify " + id + ": pass");

    assertThat(run(cli, "restore-verify", folder.toString())).isZero();
    assertThat(out).contains("restore-verify " + id + ": PASS", "checksum status:  pass",
        "integrity status: pass", "restore result:   restored", "row-count check:  pass",
        "files                            expected 3          actual 3          ok");

    assertThat(run(cli, "prune", "--dry-run")).isZero();
    assertThat(out).contains("keep         " + id).contains("prune --dry-run: 1 kept, 0");

    assertThat(run(cli, "sync")).isZero();
    assertThat(out).contains("pushed " + id);

    assertThat(run(cli, "list", "--json")).isZero();
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get(0).get("id").asText()).isEqualTo(id);
    assertThat(json.get(0).get("last_drill").asText()).isEqualTo("pass");
  }

  @Test
  void withTheLocalBackupsGoneTheOffsiteCopyIsListedVerifiedAndDrilledWithRemote()
      throws Exception {
    assertThat(run(cli, "backup")).isZero();
    String[] lines = out.strip().split("\n");
    String id = Path.of(lines[lines.length - 1]).getFileName().toString();
    assertThat(run(cli, "sync")).isZero();
    // the host lost its data: a new, empty repository with the same settings
    dev.runbook.backup.internal.Fs.deleteTree(tmp.resolve("backups"));
    assertThat(run(cli, "list")).isZero();
    assertThat(out).doesNotContain(id);

    assertThat(run(cli, "list", "--remote")).isZero();
    assertThat(out).contains(id);
    assertThat(run(cli, "verify", id, "--remote")).isZero();
    assertThat(out).startsWith("verify " + id + ": pass");
    assertThat(run(cli, "restore-verify", id, "--remote")).isZero();
    assertThat(out).contains("restore-verify " + id + ": PASS", "row-count check:  pass");
    assertThat(tmp.resolve("backups")).as("the drill's scratch is the local repository's")
        .isDirectory();

    assertThat(run(cliWithoutRemote, "list", "--remote")).isEqualTo(2);
    assertThat(err).contains("no offsite target is configured; set BACKUP_REMOTE");
    assertThat(run(cli, "prune", "--remote")).isEqualTo(2);
    assertThat(err).contains("--remote applies to list, verify, restore-verify and restore");
  }

  @Test
  void aTargetThatIsNoFolderIsReadThroughACopyThatIsRemovedAfter() throws Exception {
    DirectoryTarget folder = new DirectoryTarget(tmp.resolve("offsite"));
    OffsiteTarget store = new StoreLike(folder);
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups")).service("bibliotheca")
        .source(FileSetSource.builder("files", tmp.resolve("service")).build()).build();
    BackupCommandLine line = new BackupCommandLine(repo, RetentionPolicy.defaults(), store);
    assertThat(run(line, "backup")).isZero();
    String[] lines = out.strip().split("\n");
    String id = Path.of(lines[lines.length - 1]).getFileName().toString();
    assertThat(run(line, "sync")).isZero();
    dev.runbook.backup.internal.Fs.deleteTree(tmp.resolve("backups"));

    assertThat(run(line, "list", "--remote", "--json")).isZero();
    JsonNode rows = new ObjectMapper().readTree(out);
    assertThat(rows.get(0).get("id").asText()).isEqualTo(id);
    assertThat(rows.get(0).get("folder").asText()).isEqualTo("store:offsite/" + id);
    assertThat(run(line, "verify", id, "--remote")).isZero();
    assertThat(out).startsWith("verify " + id + ": pass");
    assertThat(run(line, "restore-verify", id, "--remote")).isZero();
    assertThat(out).contains("restore-verify " + id + ": PASS", "row-count check:  pass");
    try (java.util.stream.Stream<Path> left = Files.list(tmp.resolve("backups"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the copy is gone; the local repository holds no backup it did not have")
          .noneMatch(name -> name.startsWith(".scratch-") || name.equals(id));
    }

    Files.writeString(tmp.resolve("offsite").resolve(id).resolve("files.tar.zst"), "damaged");
    assertThat(run(line, "verify", id, "--remote")).isEqualTo(1);
    assertThat(out).contains("FAIL").contains("files.tar.zst");
    assertThat(run(line, "verify", "20990101T000000Z", "--remote")).isEqualTo(1);
    assertThat(err).contains("has no complete backup 20990101T000000Z");
    assertThat(run(line, "verify", "../etc", "--remote")).isEqualTo(1);
    assertThat(err).contains("is not a backup id");
  }

  /** An offsite target that is not a {@link DirectoryTarget}, as object storage is not. */
  record StoreLike(DirectoryTarget folder) implements OffsiteTarget {
    @Override
    public String describe() {
      return "store:offsite";
    }

    @Override
    public List<String> list() throws java.io.IOException {
      return folder.list();
    }

    @Override
    public void push(String id, Path from, Manifest manifest) throws java.io.IOException {
      folder.push(id, from, manifest);
    }

    @Override
    public void fetch(String id, Path into) throws java.io.IOException {
      folder.fetch(id, into);
    }

    @Override
    public void delete(String id) throws java.io.IOException {
      folder.delete(id);
    }
  }

  @Test
  void shouldExitOneNamingTheFileWhenABackupIsDamaged() throws Exception {
    run(cli, "backup");
    String[] lines = out.strip().split("\n");
    Path folder = Path.of(lines[lines.length - 1]);
    Fixtures.flipByte(folder.resolve("files.tar.zst"), 100);

    assertThat(run(cli, "verify", folder.toString())).isEqualTo(1);
    assertThat(out).contains("FAIL").contains("files.tar.zst: SHA-256 is");
    assertThat(run(cli, "restore-verify", folder.getFileName().toString())).isEqualTo(1);
    assertThat(out).contains("FAIL", "checksum status:  fail", "bad file files.tar.zst");
    assertThat(run(cli, "restore-verify", "--json", folder.toString())).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(out).get("outcome").asText()).isEqualTo("fail");
  }

  @Test
  void shouldExitTwoForUsageAndConfigurationErrors() {
    assertThat(run(cli)).isEqualTo(2);
    assertThat(err).contains("no command given", "usage:");
    assertThat(run(cli, "explode")).isEqualTo(2);
    assertThat(err).contains("unknown command \"explode\"");
    assertThat(run(cli, "verify")).isEqualTo(2);
    assertThat(run(cli, "backup", "--dry-run")).isEqualTo(2);
    assertThat(run(cli, "list", "--verbose")).isEqualTo(2);
    assertThat(run(cliWithoutRemote, "sync")).isEqualTo(2);
    assertThat(err).contains("set BACKUP_REMOTE");
    assertThat(run(cli, "verify", "20991231T000000Z")).isEqualTo(1);
    assertThat(err).contains("is neither a backup in");
  }

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldAnswerEveryCommandWithOneJsonDocumentAndTheSameExitCode() throws Exception {
    assertThat(run(cli, "backup", "--json")).isZero();
    JsonNode backup = JSON.readTree(out);
    String id = Path.of(backup.get("folder").asText()).getFileName().toString();
    assertThat(backup.get("manifest").get("backup_id").asText()).isEqualTo(id);

    assertThat(run(cli, "list", "--json")).isZero();
    assertThat(JSON.readTree(out).get(0).get("id").asText()).isEqualTo(id);

    assertThat(run(cli, "verify", id, "--json")).isZero();
    JsonNode verify = JSON.readTree(out);
    assertThat(verify.get("outcome").asText()).isEqualTo("pass");
    assertThat(verify.get("files_checked").asInt()).isPositive();

    assertThat(run(cli, "restore-verify", id, "--json")).isZero();
    assertThat(JSON.readTree(out).get("outcome").asText()).isEqualTo("pass");

    assertThat(run(cli, "prune", "--dry-run", "--json")).as(err).isZero();
    JsonNode dry = JSON.readTree(out);
    assertThat(dry.get("dry_run").asBoolean()).isTrue();
    assertThat(dry.get("policy").get("keep_within").asText()).isEqualTo("PT720H");

    assertThat(run(cli, "prune", "--json")).as(err).isZero();
    assertThat(JSON.readTree(out).get("decisions").get(0).get("keep").asBoolean()).isTrue();

    assertThat(run(cli, "sync", "--json")).as(err).isZero();
    JsonNode sync = JSON.readTree(out);
    assertThat(sync.get("sync").get("pushed").get(0).asText()).isEqualTo(id);
    assertThat(sync.get("retention").get("policy").get("keep_last").asInt()).isEqualTo(7);
  }

  @Test
  void shouldPrintAJsonFailureOnStdoutWhenABackupFails() throws Exception {
    Path notAFolder = java.nio.file.Files.writeString(tmp.resolve("backups-is-a-file"), "x");
    BackupRepository broken = BackupRepository.builder(notAFolder)
        .source(Fixtures.textSource("notes", "text", "a\n", 1)).build();
    BackupCommandLine line = new BackupCommandLine(broken, RetentionPolicy.defaults(), null);

    assertThat(run(line, "backup", "--json")).isEqualTo(BackupCommandLine.FAILED);
    JsonNode failed = JSON.readTree(out);
    assertThat(failed.get("command").asText()).isEqualTo("backup");
    assertThat(failed.get("outcome").asText()).isEqualTo("fail");
    assertThat(failed.get("error").asText()).contains("backups-is-a-file");
    assertThat(err).contains("backup failed:");
  }
}
