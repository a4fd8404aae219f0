package dev.runbook.examples.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaultsAreSqliteInTheDataFolderAndTheFakeUpstream() {
    Config c = Config.from(Settings.of(Map.of("DATA_DIR", "/srv/media")));
    assertThat(c.postgres()).isFalse();
    assertThat(c.sqliteFile()).isEqualTo(java.nio.file.Path.of("/srv/media/media.db"));
    assertThat(c.sourceUrls()).containsOnlyKeys("tmdb", "igdb", "lastfm", "googlebooks");
    assertThat(c.sourceUrls().values()).allMatch(java.util.Optional::isEmpty);
    assertThat(c.ingestInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.previewTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(c.payloadRetentionDays()).isEqualTo(30);
  }

  @Test
  void aPostgresqlUrlSelectsPostgresql() {
    Config c = Config.from(Settings.of(Map.of("DATABASE_URL",
        "jdbc:postgresql://127.0.0.1:5432/media?user=ingest",
        "TMDB_URL", "https://api.themoviedb.org/3")));
    assertThat(c.postgres()).isTrue();
    assertThat(c.sourceUrls().get("tmdb")).get().hasToString("https://api.themoviedb.org/3");
  }

  @Test
  void eachBadValueIsNamed() {
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("DATABASE_URL", "mysql://x/y"))))
        .hasMessageContaining("DATABASE_URL must be a jdbc:postgresql: or jdbc:sqlite: URL");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("FAKE_UPSTREAM_FAILURES",
        "tmdb,netflix")))).hasMessageContaining("FAKE_UPSTREAM_FAILURES names \"netflix\"");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("IGDB_URL", "ftp://x"))))
        .hasMessageContaining("IGDB_URL \"ftp://x\" is not an http(s) URL");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("INGEST_INTERVAL", "-1s"))))
        .hasMessageContaining("INGEST_INTERVAL");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("PAYLOAD_RETENTION_DAYS", "0"))))
        .hasMessageContaining("PAYLOAD_RETENTION_DAYS");
  }
}
