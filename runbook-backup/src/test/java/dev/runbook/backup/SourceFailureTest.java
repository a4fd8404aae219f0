package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A source that fails part-way through its artifact never leaves a backup, nor anything else. */
class SourceFailureTest {

  static final int FAIL_AT = 3 * 1024 * 1024 + 17;

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-11-22T03:15:00Z");

  static BackupSource failingAtByte(int n) throws Exception {
    BackupSource source = mock(BackupSource.class);
    when(source.name()).thenReturn("database");
    when(source.kind()).thenReturn("sqlite");
    when(source.extension()).thenReturn("sqlite");
    // the repository calls write(out, work), whose default passes on to write(out)
    when(source.write(any(), any())).thenCallRealMethod();
    when(source.write(any())).thenAnswer(call -> {
      OutputStream out = call.getArgument(0);
      byte[] chunk = new byte[64 * 1024];
      for (int written = 0; written < n; written += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, n - written));
      }
      throw new IOException("read error at byte " + n + " of /srv/app.db");
    }).thenReturn(ArtifactMetadata.of("sqlite", "3.54").withRowCounts(Map.of("books", 0L)));
    return source;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldPublishNothingWhenASourceFailsAtByteN(Compression compression) throws Exception {
    BackupSource database = failingAtByte(FAIL_AT);
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups")).clock(clock)
        .compression(compression).source(Fixtures.textSource("notes", "text", "a\n", 1))
        .source(database).build();

    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      assertThatThrownBy(repo::backup).isInstanceOf(BackupException.class)
          .hasMessageContaining("read error at byte " + FAIL_AT);
      assertThat(log.events()).containsExactly("backup_failed");
    }

    assertThat(repo.list()).isEmpty();
    try (Stream<Path> left = Files.list(repo.root())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsOnly(".lock");
    }
    // the next run, with the source healthy again, publishes a complete backup
    Backup next = repo.backup();
    assertThat(repo.verify(next.id()).passed()).isTrue();
    verify(database, times(2)).write(any());
  }

  @Test
  void shouldNameTheSourceThatFailed() throws Exception {
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups")).clock(clock)
        .source(failingAtByte(1)).build();

    assertThatThrownBy(repo::backup).hasMessageContaining("database");
  }
}
