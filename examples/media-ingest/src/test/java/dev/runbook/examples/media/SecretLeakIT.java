package dev.runbook.examples.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.examples.support.SecretLeaks;
import dev.runbook.examples.support.ServiceProcess.Result;
import dev.runbook.examples.support.ServiceProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts media-ingest with secrets in its settings, behind failing dependencies and in bad
 * settings, drives it until the failures are logged and shown, runs every operator command, and
 * greps everything it wrote (log, stdout, stderr, every answer) for each secret: none may appear.
 */
class SecretLeakIT {

  static final Path JAR = Path.of("target", "media-ingest.jar").toAbsolutePath();

  @TempDir Path scratch;

  final SecretLeaks leaks = new SecretLeaks();

  private String secret(String where) {
    return leaks.secret(where);
  }

  @Test
  void shouldShowNoSecretInAnyLogLineErrorOrOutput() throws Exception {
    int closed = ServiceProcess.freePort();
    Map<String, String> env = leaks.commonSettings(scratch.resolve("data"));
    env.put("INGEST_INTERVAL", "1s");
    env.put("SOURCE_MINIMUM_CALLS", "3");
    for (String key : List.of("TMDB_URL", "IGDB_URL", "LASTFM_URL", "GOOGLE_BOOKS_URL")) {
      // each source's real upstream is a closed port: every call fails and is logged
      env.put(key, "http://ingest:" + secret(key + " password") + "@127.0.0.1:" + closed + "/v3/"
          + secret(key + " path key") + "/search?api_key=" + secret(key + " api_key"));
    }
    ServiceProcess s = ServiceProcess.serve(JAR, env, scratch.resolve("serve.log"));
    try {
      ServiceProcess.Response failing = s.await("/health", "127.0.0.2",
          r -> r.body().contains("\"state\":\"open\""));
      leaks.saw(failing.body());
      leaks.saw(s.get("/media", null, null).body());
      leaks.probe(s, "/health/sources/tmdb/reset");
    } finally {
      s.close();
    }
    leaks.saw(s.log());

    // bad settings that carry a secret: each stops start-up with one line
    List<Map<String, String>> bad = new ArrayList<>();
    bad.add(Map.of("DATABASE_URL", "mysql://ingest:" + secret("a mysql URL password")
        + "@127.0.0.1/media"));
    bad.add(Map.of("TMDB_URL", "ftp://key:" + secret("an ftp URL password") + "@127.0.0.1/3"));
    bad.add(Map.of("HEALTH_TOKENS", "[[\"tok" + secret("nested HEALTH_TOKENS") + "\"]]"));
    bad.add(Map.of("BACKUP_REMOTE", "s3://AKIAIOSFODNN7EXAMPLE:" + secret("BACKUP_REMOTE secret")
        + "@bucket/media"));
    for (Map<String, String> settings : bad) {
      leaks.refusedAtStart(JAR, settings, scratch);
    }
    Result unreachable = ServiceProcess.command(JAR, Map.of("DATA_DIR",
        scratch.resolve("pg").toString(), "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed
        + "/media?user=ingest&password=" + secret("DATABASE_URL password")), scratch, "serve");
    assertThat(unreachable.exit()).as(unreachable.err()).isEqualTo(1);
    leaks.saw(unreachable);
    leaks.sawFilesIn(scratch);

    leaks.assertNoneLeaked(25, "ingestion_failure", "health_reset_refused", "backup_completed");
  }
}
