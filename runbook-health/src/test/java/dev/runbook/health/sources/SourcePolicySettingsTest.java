package dev.runbook.health.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcePolicySettingsTest {

  @Test
  void shouldApplySourceSettingsOverSharedOnesOverTheCodesPolicy() {
    Settings settings = Settings.of(Map.of(
        "SOURCE_COOLDOWN", "90s",
        "SOURCE_FAILURE_RATE", "40",
        "SOURCE_TMDB_COOLDOWN", "2m",
        "SOURCE_TMDB_WINDOW", "60s",
        "SOURCE_GOOGLE_BOOKS_CRITICAL", "true",
        "SOURCE_GOOGLE_BOOKS_SLOW_CALL", "3s"));
    SourcePolicy code = SourcePolicy.builder().halfOpenCalls(4).build();

    SourcePolicy tmdb = SourcePolicy.fromSettings(settings, "tmdb", code);
    SourcePolicy books = SourcePolicy.fromSettings(settings, "google-books", code);

    assertThat(tmdb.cooldown()).isEqualTo(Duration.ofMinutes(2));
    assertThat(tmdb.failureRate()).isEqualTo(40f);
    assertThat(tmdb.timeWindow()).isTrue();
    assertThat(tmdb.window()).isEqualTo(60);
    assertThat(tmdb.halfOpenCalls()).isEqualTo(4);
    assertThat(books.cooldown()).isEqualTo(Duration.ofSeconds(90));
    assertThat(books.critical()).isTrue();
    assertThat(books.slowCall()).isEqualTo(Duration.ofSeconds(3));
    assertThat(books.slowCallRate()).isEqualTo(100f);
  }

  @Test
  void shouldRegisterSourcesWithTheirSettings() {
    IngestionSources sources = IngestionSources.builder()
        .settings(Settings.of(Map.of("SOURCE_LASTFM_COOLDOWN", "5m"))).build();

    assertThat(sources.register("lastfm").policy().cooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(sources.register("igdb").policy().cooldown()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldNameTheKeyOfEveryBadValue() {
    assertBad("SOURCE_TMDB_COOLDOWN", "soon", "SOURCE_TMDB_COOLDOWN=\"soon\" is not valid");
    assertBad("SOURCE_TMDB_FAILURE_RATE", "150", "failureRate 150.0 is out of range");
    assertBad("SOURCE_TMDB_FAILURE_RATE", "half", "use a percentage from 1 to 100");
    assertBad("SOURCE_TMDB_MINIMUM_CALLS", "ten", "use a whole number");
    assertBad("SOURCE_TMDB_WINDOW", "0", "window 0 is out of range");
    assertBad("SOURCE_TMDB_WINDOW", "1500ms", "must be whole seconds");
    assertBad("SOURCE_COOLDOWN", "-1m", "SOURCE_COOLDOWN=\"-1m\" is not valid");
    assertBad("SOURCE_TMDB_MINIMUM_CALLS", "50", "minimumCalls 50 is more than the window");
  }

  private static void assertBad(String key, String value, String message) {
    assertThatThrownBy(() -> SourcePolicy.fromSettings(Settings.of(Map.of(key, value)), "tmdb",
        SourcePolicy.defaults()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((SettingsException) e).key()).isEqualTo(key));
  }
}
