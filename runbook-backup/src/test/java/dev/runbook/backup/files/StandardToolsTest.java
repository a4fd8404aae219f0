package dev.runbook.backup.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.Compression;
import dev.runbook.backup.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The disaster path of README: with nothing but sha256sum, zstd or gunzip, and tar, an operator
 * checks a backup and gets the files back with their permissions, mtimes and links.
 */
class StandardToolsTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldBeRestorableWithStandardToolsAlone(Compression compression) throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    for (String tool : List.of("sha256sum", "tar", "zstd", "gzip")) {
      boolean present = run(tmp, "sh", "-c", "command -v " + tool).exit == 0;
      if (!present && ci) {
        throw new AssertionError(tool + " is missing; .ci/run installs it");
      }
      assumeTrue(present, tool + " is not installed; skipping the standard-tools check");
    }
    Path service = Fixtures.serviceFolder(tmp.resolve("service"));
    Files.writeString(tmp.resolve("outside.txt"), "not part of the set");
    Files.createSymbolicLink(service.resolve("config/escape"), tmp.resolve("outside.txt"));
    Backup backup = BackupRepository.builder(tmp.resolve("backups")).compression(compression)
        .source(FileSetSource.builder("files", service).build()).build().backup();

    Result sums = run(backup.folder(), "sha256sum", "-c", "manifest.json.sha256");
    assertThat(sums.exit).as(sums.output).isZero();

    String archive = "files.tar" + compression.suffix();
    String decompress = switch (compression) {
      case ZSTD -> "zstd -q -d -c " + archive;
      case GZIP -> "gunzip -c " + archive;
      case NONE -> "cat " + archive;
    };
    Path restored = Files.createDirectories(tmp.resolve("restored"));
    Result untar = run(backup.folder(), "sh", "-c", decompress + " | tar -xpf - -C " + restored);
    assertThat(untar.exit).as(untar.output).isZero();

    assertThat(restored.resolve("config/app.yml")).hasContent("port: 8080");
    assertThat(Files.getLastModifiedTime(restored.resolve("config/app.yml")).toInstant())
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        restored.resolve(".env")))).isEqualTo("rw-------");
    assertThat(Files.mismatch(restored.resolve("uploads/covers/dune.jpg"),
        service.resolve("uploads/covers/dune.jpg"))).isEqualTo(-1);
    assertThat(Files.readSymbolicLink(restored.resolve("config/current.yml")))
        .isEqualTo(Path.of("app.yml"));
    // the link out of the set is kept as a link; what it points to was never read
    assertThat(Files.isSymbolicLink(restored.resolve("config/escape"))).isTrue();
    assertThat(Files.exists(restored.resolve("outside.txt"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  record Result(int exit, String output) {}

  static Result run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), output);
  }
}
