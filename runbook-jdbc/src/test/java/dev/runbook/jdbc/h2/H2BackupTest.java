package dev.runbook.jdbc.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RestoreResult;
import dev.runbook.jdbc.RawSource;
import dev.runbook.jdbc.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2BackupTest {

  @TempDir Path dir;
  JdbcDataSource ds;

  @BeforeEach
  void database() throws Exception {
    ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("shop").toAbsolutePath());
    ds.setUser("sa");
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c,
          "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)",
          "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL REFERENCES"
              + " customers(id), note VARCHAR(200))",
          "CREATE SCHEMA audit",
          "CREATE TABLE audit.events (id INT PRIMARY KEY, what VARCHAR(50))",
          "INSERT INTO customers SELECT x, 'customer ' || x FROM SYSTEM_RANGE(1, 300)",
          "INSERT INTO orders SELECT x, 1 + MOD(x, 300), 'it''s ; a note' FROM"
              + " SYSTEM_RANGE(1, 900)",
          "INSERT INTO audit.events VALUES (1, 'created')");
    }
  }

  @Test
  void scriptBackupAndDrillIntoAScratchInMemoryDatabasePass() throws Exception {
    BackupRepository repo = BackupRepository.builder(dir.resolve("backups"))
        .source(H2BackupSource.of("database", ds)).build();
    Backup backup = repo.backup();
    var artifact = backup.manifest().artifacts().get(0);
    assertThat(artifact.file()).isEqualTo("database.sql.zst");
    assertThat(artifact.engine()).isEqualTo("H2");
    assertThat(artifact.rowCounts()).containsExactly(Map.entry("AUDIT.EVENTS", 1L),
        Map.entry("PUBLIC.CUSTOMERS", 300L), Map.entry("PUBLIC.ORDERS", 900L));

    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.PASS);
    assertThat(drill.artifacts().get(0).integrityChecks()).singleElement().asString()
        .contains("RUNSCRIPT");
  }

  @Test
  void aTruncatedScriptFailsTheDrill() throws Exception {
    BackupRepository repo = BackupRepository.builder(dir.resolve("backups"))
        // A script cut off in the middle: its checksum is right, its content is not.
        .source(RawSource.truncated(H2BackupSource.of("database", ds), new H2RestoreVerifier(),
            2, 3))
        .build();
    Backup backup = repo.backup();
    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.FAIL);
    // Either the script breaks mid-statement or it ends early and the counts fall short.
    var ad = drill.artifacts().get(0);
    assertThat(ad.restoreResult() == RestoreResult.FAILED
        || ad.rowCountCheck() == dev.runbook.backup.report.CheckStatus.FAIL).isTrue();
  }
}
