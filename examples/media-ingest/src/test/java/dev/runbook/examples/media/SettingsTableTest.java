package dev.runbook.examples.media;

import dev.runbook.core.Settings;
import dev.runbook.examples.support.SettingsTableContract;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every setting of media-ingest with a good and a bad value; see {@link SettingsTableContract}. */
class SettingsTableTest extends SettingsTableContract {

  @Override
  protected Stream<Arguments> ownSettings() {
    return Stream.of(
        Arguments.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/media?user=ingest",
            "mysql://ingest:" + SECRET + "@db/media", "must be a jdbc:postgresql: or"),
        Arguments.of("TMDB_URL", "https://api.themoviedb.org/3",
            "ftp://key:" + SECRET + "@tmdb.example", "is not an http(s) URL"),
        Arguments.of("IGDB_URL", "https://api.igdb.com/v4", "igdb", "is not an http(s) URL"),
        Arguments.of("LASTFM_URL", "https://ws.audioscrobbler.com/2.0", "x", "is not an http(s)"),
        Arguments.of("GOOGLE_BOOKS_URL", "https://www.googleapis.com/books/v1", "y",
            "is not an http(s) URL"),
        Arguments.of("FAKE_UPSTREAM_FAILURES", "tmdb", "netflix", "is not a source"),
        Arguments.of("BACKUP_TOOL_TIMEOUT", "2h", "0s", "must be a positive duration"),
        Arguments.of("FAKE_UPSTREAM_RATE_LIMIT", "lastfm", "tmdb,,igdb",
            "FAKE_UPSTREAM_RATE_LIMIT"),
        Arguments.of("INGEST_INTERVAL", "1m", "0s", "must be a positive duration"),
        Arguments.of("INGEST_WORKER_INTERVAL", "5s", "soon", "INGEST_WORKER_INTERVAL"),
        Arguments.of("OPS_ADMIN_ALLOWLIST", "ops-alice, bob@example.org", "ops alice",
            "is not a plain name"),
        Arguments.of("VAULT_CREDENTIALS", "TMDB_API_KEY", "TMDB API KEY", "is not a plain name"),
        Arguments.of("AMQP_URL", "amqp://ingest:secret@127.0.0.1:5672/%2F",
            "http://ingest:" + SECRET + "@127.0.0.1:5672", "is not an amqp:// or amqps:// URL"),
        Arguments.of("AMQP_MANAGEMENT_URL", "http://127.0.0.1:15672", "ftp://127.0.0.1",
            "is not an http(s) URL"),
        Arguments.of("PREVIEW_TTL", "3d", "3", "it has no unit"),
        Arguments.of("PAYLOAD_RETENTION_DAYS", "60", "0", "PAYLOAD_RETENTION_DAYS"),
        Arguments.of("RETENTION_INTERVAL", "2h", "99999999999999d", "use at most 36500d"),
        Arguments.of("SOURCE_TMDB_COOLDOWN", "2m", "-1s", "SOURCE_TMDB_COOLDOWN"),
        Arguments.of("SOURCE_LASTFM_CRITICAL", "true", "perhaps", "SOURCE_LASTFM_CRITICAL"));
  }

  @Override
  protected void read(Settings settings) {
    Config.from(settings);
  }

  @Override
  protected List<String> sourceTypos() {
    return List.of("SOURCE_TMBD_COOLDOWN", "SOURCE_NETFLIX_COOLDOWN",
        "SOURCE_IGDB_COOLDWN");
  }

  @Override
  protected String knownSourcesMessage() {
    return "tmdb, igdb, lastfm, googlebooks";
  }

  @Override
  protected int run(List<String> args, PrintStream out, PrintStream err) {
    return Main.run(args, out, err);
  }

  @Override
  protected String serviceName() {
    return "media-ingest";
  }
}
