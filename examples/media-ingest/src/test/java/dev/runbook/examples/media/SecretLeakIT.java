package dev.runbook.examples.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.examples.support.SecretLeaks;
import dev.runbook.examples.support.ServiceProcess.Result;
import dev.runbook.examples.support.ServiceProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
    String token = "tok" + secret("HEALTH_TOKENS, first token");
    String token2 = "tok" + secret("HEALTH_TOKENS, second token");
    Map<String, String> env = new HashMap<>();
    env.put("DATA_DIR", scratch.resolve("data").toString());
    env.put("HEALTH_TOKENS", "[\"" + token + "\", \"" + token2 + "\"]");
    env.put("HEALTH_ALLOWLIST", "127.0.0.2");
    env.put("INGEST_INTERVAL", "1s");
    env.put("SOURCE_MINIMUM_CALLS", "3");
    for (String key : List.of("TMDB_URL", "IGDB_URL", "LASTFM_URL", "GOOGLE_BOOKS_URL")) {
      // each source's real upstream is a closed port: every call fails and is logged
      env.put(key, "http://ingest:" + secret(key + " password") + "@127.0.0.1:" + closed + "/v3/"
          + secret(key + " path key") + "/search?api_key=" + secret(key + " api_key"));
    }
    // settings the service does not read, but a careless one would print
    env.put("PGPASSWORD", secret("PGPASSWORD"));
    env.put("AWS_SECRET_ACCESS_KEY", secret("AWS_SECRET_ACCESS_KEY"));
    env.put("DB_PASSWORD", secret("DB_PASSWORD"));
    ServiceProcess s = ServiceProcess.serve(JAR, env, scratch.resolve("serve.log"));
    try {
      ServiceProcess.Response failing = s.await("/health", "127.0.0.2",
          r -> r.body().contains("\"state\":\"open\""));
      leaks.saw(failing.body());
      leaks.saw(s.get("/health", null, token).body());
      leaks.saw(s.get("/health?format=ietf", null, token2).body());
      leaks.saw(s.get("/health?format=microprofile", "127.0.0.2", null).body());
      leaks.saw(s.get("/health", null, "wrong" + secret("a wrong bearer token")).body());
      leaks.saw(s.raw("GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
          + secret("a Basic credential") + "\r\nConnection: close\r\n\r\n"));
      leaks.saw(s.raw("POST /health/sources/tmdb/reset HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer " + secret("a refused reset's token") + "\r\n"
          + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
      leaks.saw(s.get("/media", null, null).body());
      for (List<String> command : List.of(List.of("backup", "--json"), List.of("list", "--json"),
          List.of("prune", "--dry-run", "--json"), List.of("backup"), List.of("list"))) {
        Result r = s.command(command.toArray(new String[0]));
        leaks.saw(r);
      }
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
