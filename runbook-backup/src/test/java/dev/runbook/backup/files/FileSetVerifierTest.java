package dev.runbook.backup.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.Compression;
import dev.runbook.backup.internal.TarWriter;
import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or damaged archives never write outside the scratch folder and always fail. */
class FileSetVerifierTest {

  @TempDir Path tmp;
  Path scratch;

  RestoreCheck restore(byte[] archive) throws Exception {
    scratch = Files.createTempDirectory(tmp, "scratch");
    return new FileSetVerifier().restore(new RestoreContext() {
      @Override
      public Artifact artifact() {
        return new Artifact("files", "files", "files.tar", Compression.NONE, archive.length,
            archive.length, "0".repeat(64), Map.of(), null, null);
      }

      @Override
      public Path scratch() {
        return scratch;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(archive);
      }
    });
  }

  static TarWriter.Entry file(String path, int size) {
    return new TarWriter.Entry(path, TarWriter.FILE, 0644, 0, 0, "", "", size, 0, null);
  }

  @Test
  void shouldRefusePathsThatLeaveTheSetDirectlyOrThroughALink() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(bytes);
    tar.write(file("../evil.txt", 4), new ByteArrayInputStream("evil".getBytes()));
    tar.write(file("/etc/evil.txt", 4), new ByteArrayInputStream("evil".getBytes()));
    tar.write(new TarWriter.Entry("out", TarWriter.SYMLINK, 0777, 0, 0, "", "", 0, 0,
        tmp.toString()), null);
    tar.write(file("out/evil.txt", 4), new ByteArrayInputStream("evil".getBytes()));
    tar.write(file("ok.txt", 2), new ByteArrayInputStream("ok".getBytes()));
    tar.finish();

    RestoreCheck check = restore(bytes.toByteArray());

    assertThat(check.integrityPassed()).isFalse();
    assertThat(check.problems()).hasSize(3).allMatch(p -> p.contains("not extracted"));
    assertThat(tmp.resolve("evil.txt")).doesNotExist();
    assertThat(scratch.resolve("ok.txt")).hasContent("ok");
    assertThat(check.rowCounts()).containsEntry("files", 1L).containsEntry("symlinks", 1L);
  }

  @Test
  void shouldNameTheEntryWhereADamagedArchiveGoesWrong() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(bytes);
    tar.write(file("a.txt", 3), new ByteArrayInputStream("abc".getBytes()));
    tar.write(file("b.txt", 3), new ByteArrayInputStream("def".getBytes()));
    tar.finish();
    byte[] archive = bytes.toByteArray();
    byte[] damaged = archive.clone();
    damaged[1024 + 10] ^= 1; // inside b.txt's header
    assertThat(restore(damaged).problems()).singleElement().asString()
        .contains("after entry a.txt").contains("checksum");

    byte[] truncated = java.util.Arrays.copyOf(archive, 1024 + 512 + 1);
    assertThat(restore(truncated).problems()).singleElement().asString()
        .contains("b.txt is truncated");
  }

  @Test
  void shouldWriteLongAndNonAsciiNamesThatRoundTrip() throws Exception {
    String longName = "uploads/" + "x".repeat(150) + "/Ünïcødé cover.jpg";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(bytes);
    tar.write(file(longName, 5), new ByteArrayInputStream("image".getBytes()));
    tar.finish();
    RestoreCheck check = restore(bytes.toByteArray());
    assertThat(check.problems()).isEmpty();
    assertThat(Files.readString(scratch.resolve(longName),
        StandardCharsets.UTF_8)).isEqualTo("image");
  }
}
