package dev.runbook.health.sources;

import static dev.runbook.health.sources.IngestionSourcesTest.fail;
import static dev.runbook.health.sources.IngestionSourcesTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestionSectionGoldenTest {

  private final MutableClock clock = new MutableClock(IngestionSourcesTest.START);

  @Test
  void shouldRenderTheIngestionSectionExactly() throws Exception {
    IngestionSources sources = IngestionSources.builder().clock(clock).build();
    SourcePolicy policy = SourcePolicy.builder().window(4).minimumCalls(4).build();
    IngestionSource tmdb = sources.register("tmdb", policy);
    IngestionSource igdb = sources.register("igdb", policy);
    IngestionSource lastfm = sources.register("lastfm", policy);
    IngestionSource books = sources.register("googlebooks", policy);

    ok(tmdb, "search");
    ok(igdb, "games");
    clock.advance(Duration.ofSeconds(1));
    ok(tmdb, "search");
    fail(tmdb, "details", 502, null);
    clock.advance(Duration.ofSeconds(1));
    fail(tmdb, "search", 503, null);
    fail(books, "volume", 404, null);
    clock.advance(Duration.ofSeconds(1));
    fail(lastfm, "scrobbles", 429, "120");
    clock.advance(Duration.ofMillis(17_500));
    try {
      tmdb.call("search", () -> "refused");
    } catch (SourceUnavailableException expected) {
      // counted as not permitted
    }

    CheckResult section = sources.healthCheck().check();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String actual = json.writeValueAsString(section.details()) + "\n";

    assertThat(section.status()).isEqualTo(Status.DEGRADED);
    assertThat(actual).isEqualTo(golden("ingestion.json"));
  }

  private static String golden(String file) throws IOException {
    try (InputStream in = IngestionSectionGoldenTest.class.getResourceAsStream("/golden/" + file)) {
      if (in == null) {
        throw new AssertionError("golden file " + file + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
