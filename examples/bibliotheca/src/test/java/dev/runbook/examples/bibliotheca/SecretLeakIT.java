package dev.runbook.examples.bibliotheca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.examples.support.SecretLeaks;
import dev.runbook.examples.support.ServiceProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts bibliotheca with secrets in its settings, behind failing dependencies and in bad
 * settings, drives it until the failures are logged and shown, runs every operator command, and
 * greps everything it wrote (log, stdout, stderr, every answer) for each secret: none may appear.
 */
class SecretLeakIT {

  static final Path JAR = Path.of("target", "bibliotheca.jar").toAbsolutePath();

  @TempDir Path scratch;

  final SecretLeaks leaks = new SecretLeaks();

  private String secret(String where) {
    return leaks.secret(where);
  }

  @Test
  void shouldShowNoSecretInAnyLogLineErrorOrOutput() throws Exception {
    int closed = ServiceProcess.freePort();
    Map<String, String> env = leaks.commonSettings(scratch.resolve("data"));
    env.put("REMINDER_INTERVAL", "1s");
    env.put("EMAIL_PROVIDER_URL", "http://mailer:" + secret("EMAIL_PROVIDER_URL password")
        + "@127.0.0.1:" + closed + "/v3/" + secret("EMAIL_PROVIDER_URL path key")
        + "/send?api_key=" + secret("EMAIL_PROVIDER_URL api_key") + "&token="
        + secret("EMAIL_PROVIDER_URL token") + "&PASSWORD=" + secret("EMAIL_PROVIDER_URL PASSWORD")
        + "&access_key=" + secret("EMAIL_PROVIDER_URL access_key") + "&client_secret="
        + secret("EMAIL_PROVIDER_URL client_secret") + "&signature="
        + secret("EMAIL_PROVIDER_URL signature") + "&key=" + secret("EMAIL_PROVIDER_URL key")
        + "#access_token=" + secret("EMAIL_PROVIDER_URL fragment access_token"));
    ServiceProcess s = ServiceProcess.serve(JAR, env, scratch.resolve("serve.log"));
    try {
      // a loan puts mail in the outbox, so each reminders run calls the dead provider
      assertThat(s.post("/loans", "{\"book_id\": 2, \"member\": \"bo@example.org\"}").status())
          .isEqualTo(201);
      ServiceProcess.Response failing = s.await("/health", "127.0.0.2",
          r -> r.body().contains("\"failing_jobs\":[\"overdue-reminders\"]"));
      leaks.saw(failing.body());
      leaks.probe(s, "/health/jobs/overdue-reminders/reset");
    } finally {
      s.close();
    }
    leaks.saw(s.log());

    // bad settings that carry a secret: each stops start-up with one line
    List<Map<String, String>> bad = new ArrayList<>();
    bad.add(Map.of("EMAIL_PROVIDER_URL", "smtp://mailer:" + secret("smtp URL password")
        + "@127.0.0.1:25"));
    bad.add(Map.of("HEALTH_TOKENS", "[[\"tok" + secret("nested HEALTH_TOKENS") + "\"]]"));
    bad.add(Map.of("HEALTH_TOKENS", "tok" + secret("HEALTH_TOKENS with a space") + " x"));
    bad.add(Map.of("HEALTH_TOKENS", secret("a short token").substring(0, 9)));
    bad.add(Map.of("BACKUP_REMOTE", "s3://AKIAIOSFODNN7EXAMPLE:" + secret("BACKUP_REMOTE secret")
        + "@bucket/bibliotheca"));
    bad.add(Map.of("BACKUP_REMOTE", "sftp://backup:" + secret("sftp password")
        + "@127.0.0.1/srv"));
    bad.add(Map.of("SOURCE_EMAIL_COOLDOWN", "https://x:" + secret("a secret as a duration")
        + "@127.0.0.1"));
    bad.add(Map.of("EMAIL_PROVIDER_URL", "http://127.0.0.1:" + closed + "/"
        + secret("a key in the path of a bad URL") + "/send now"));
    for (Map<String, String> settings : bad) {
      leaks.refusedAtStart(JAR, settings, scratch);
    }
    leaks.sawFilesIn(scratch);

    leaks.assertNoneLeaked(25, "overdue-reminders", "health_reset_refused", "backup_completed");
  }
}
