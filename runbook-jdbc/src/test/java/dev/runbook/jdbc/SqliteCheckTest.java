package dev.runbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCheckTest {

  @TempDir Path dir;

  @Test
  void walWithABusyTimeoutIsOk() throws Exception {
    CheckResult r = SqliteCheck.of(TestDatabases.sqlite(dir.resolve("ok.db"), true, 5000)).check();
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.details()).containsEntry("journal_mode", "wal")
        .containsEntry("busy_timeout_ms", 5000L);
  }

  @Test
  void rollbackJournalIsDegradedWithTheFix() throws Exception {
    CheckResult r = SqliteCheck.of(TestDatabases.sqlite(dir.resolve("d.db"), false, 5000)).check();
    assertThat(r.status()).isEqualTo(Status.DEGRADED);
    assertThat(r.error()).get().asString().contains("journal_mode is delete, not wal")
        .contains("PRAGMA journal_mode=WAL").doesNotContain("busy_timeout is 0");
  }

  @Test
  void noBusyTimeoutIsDegradedWithTheFix() throws Exception {
    CheckResult r = SqliteCheck.of(TestDatabases.sqlite(dir.resolve("b.db"), true, 0)).check();
    assertThat(r.status()).isEqualTo(Status.DEGRADED);
    assertThat(r.error()).get().asString().startsWith("busy_timeout is 0")
        .contains("busy_timeout=5000");
    assertThat(r.details()).containsEntry("busy_timeout_ms", 0L);
  }
}
