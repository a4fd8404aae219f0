package dev.runbook.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every example's settings must do: each good value is taken; each bad one is a {@link
 * SettingsException} for that setting, one line naming it and the fix, never quoting {@link
 * #SECRET}; a {@code SOURCE_*} typo is refused listing the sources; a bad setting on the command
 * line exits 2 with one line on stderr before anything starts. An example supplies its table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SettingsTableContract {

  /** Put into bad values that carry a secret; it must appear in no error. */
  public static final String SECRET = "hunter2-secret-0123";

  @TempDir protected Path tmp;

  /** The example's own rows: setting, a good value, a bad value, words the error must contain. */
  protected abstract Stream<Arguments> ownSettings() throws Exception;

  /** Reads the example's settings, as its {@code Config.from} does. */
  protected abstract void read(Settings settings);

  /** The settings every example reads, then the example's own. */
  Stream<Arguments> table() throws Exception {
    Path file = Files.writeString(Files.createDirectories(tmp).resolve("not-a-folder"), "x");
    Path key = Files.writeString(tmp.resolve("backup-key.txt"), "# an age identity file\n");
    return Stream.concat(Stream.of(
        Arguments.of("PORT", "8081", "99999", "PORT"),
        Arguments.of("BIND", "0.0.0.0", "300.0.0.1", "use 127.0.0.1"),
        Arguments.of("DATA_DIR", tmp.resolve("data").toString(), file.toString(), "not a folder"),
        Arguments.of("JOB_FAILURE_THRESHOLD", "5", "0", "JOB_FAILURE_THRESHOLD"),
        Arguments.of("BACKUP_INTERVAL", "12h", "0s", "must be a positive duration"),
        Arguments.of("DRILL_INTERVAL", "1d", "weekly", "is not a duration"),
        Arguments.of("BACKUP_RETENTION_DAYS", "14", "x", "BACKUP_RETENTION_DAYS"),
        Arguments.of("BACKUP_KEEP_LAST", "3", "0", "BACKUP_KEEP_LAST"),
        Arguments.of("BACKUP_REMOTE", tmp.resolve("offsite").toString(), "offsite/relative",
            "is a relative path"),
        Arguments.of("HEALTH_ALLOWLIST", "10.0.0.0/8", "010.0.0.1", "HEALTH_ALLOWLIST entry"),
        Arguments.of("HEALTH_TRUSTED_PROXIES", "127.0.0.1", "10.9.9.09",
            "HEALTH_TRUSTED_PROXIES entry"),
        Arguments.of("HEALTH_TOKENS", "tok-0123456789abcdef", SECRET + " x",
            "HEALTH_TOKENS token 1 has a character"),
        Arguments.of("BACKUP_AGE_RECIPIENTS", "age1y669f7he6tf5d5kgzy99s8cm9dncpfu5dmymq9c6hk43gzj82y2qu4yp7m", SECRET,
            "recipient 1 of 1 is not an age X25519 recipient"),
        Arguments.of("BACKUP_AGE_IDENTITY_FILE", key.toString(), tmp.resolve("no-key").toString(),
            "is not a readable file"),
        Arguments.of("DRILL_SCRATCH_DIR", tmp.resolve("drills").toString(), "drills",
            "is a relative path"),
        Arguments.of("HEALTH_DEFAULT_FORMAT", "microprofile", "xml",
            "use native, ietf, microprofile or actuator"),
        Arguments.of("HEALTH_PROBE_PATHS", "kubernetes,actuator", "consul",
            "use any of microprofile, kubernetes, actuator"),
        Arguments.of("SOURCE_COOLDOWN", "2m", "soon", "SOURCE_COOLDOWN"),
        Arguments.of("BACKUP_REMOTE", "s3://runbook-offsite/" + serviceName(),
            "s3://AKIAIOSFODNN7EXAMPLE:" + SECRET + "@runbook-offsite/x", "carries credentials",
            Map.of("BACKUP_S3_REGION", "eu-west-1")),
        Arguments.of("BACKUP_S3_ENDPOINT", "http://127.0.0.1:9000",
            "https://admin:" + SECRET + "@s3.example.net", "remove them", S3),
        Arguments.of("BACKUP_S3_REGION", "eu-west-1", "EU West", "is not a region name", S3),
        Arguments.of("BACKUP_S3_PATH_STYLE", "true", "sometimes", "BACKUP_S3_PATH_STYLE",
            Map.of("BACKUP_REMOTE", "s3://runbook-offsite/x", "BACKUP_S3_REGION", "eu-west-1")),
        Arguments.of("ALERTS_FILE", tmp.resolve("alerts.jsonl").toString(),
            tmp.resolve("missing/alerts.jsonl").toString(), "does not exist"),
        Arguments.of("ALERTS_INTERVAL", "10s", "50ms", "use at least 100ms"),
        Arguments.of("ALERTS_RENOTIFY", "1h", "0s", "must be longer than zero"),
        Arguments.of("ALERT_WEBHOOK_URL", "https://hooks.example.org/services/T0/B0/x",
            "ftp://ops:" + SECRET + "@hooks.example.org", "absolute http:// or https://"),
        Arguments.of("ALERT_WEBHOOK_FORMAT", "slack", "teams", "is not generic or slack",
            Map.of("ALERT_WEBHOOK_URL", "https://hooks.example.org/x")),
        Arguments.of("ALERT_SMTP_HOST", "smtp.example.org", "ops:" + SECRET + "@smtp.example.org",
            "without user, scheme or path", SMTP),
        Arguments.of("ALERT_SMTP_PORT", "2525", "70000", "is not a port", SMTP),
        Arguments.of("ALERT_SMTP_SECURITY", "tls", "ssl", "is not one of starttls, tls, none",
            SMTP),
        Arguments.of("ALERT_SMTP_TO", "ops@example.org, oncall@example.org", "ops at example",
            "is not an e-mail address", SMTP),
        Arguments.of("SLO_AVAILABILITY", "99.9%", "120%", "is not a percentage"),
        Arguments.of("SLO_LATENCY_P95", "300ms", "fast", "SLO_LATENCY_P95"),
        Arguments.of("SLO_ROUTE_GROUPS", "api=/api", "api:/api", "is not name=/prefix"),
        Arguments.of("SLO_WINDOW", "30m", "hourly", "SLO_WINDOW"),
        Arguments.of("AUDIT_FILE", tmp.resolve("audit.jsonl").toString(),
            tmp.resolve("missing/audit.jsonl").toString(), "does not exist")),
        ownSettings()).map(row -> row.get().length == 5 ? row
            : Arguments.of(row.get()[0], row.get()[1], row.get()[2], row.get()[3], Map.of()));
  }

  /** What the e-mail rows need beside them: a host, a sender and a recipient. */
  static final Map<String, String> SMTP = Map.of("ALERT_SMTP_HOST", "smtp.example.org",
      "ALERT_SMTP_FROM", "runbook@example.org", "ALERT_SMTP_TO", "ops@example.org");

  /** What the S3 rows need beside them: an s3:// remote. */
  static final Map<String, String> S3 = Map.of("BACKUP_REMOTE", "s3://runbook-offsite/x");

  /** {@code key=value} and the settings it needs beside it, over a scratch DATA_DIR. */
  Settings with(String key, String value, Map<String, String> beside) {
    Map<String, String> values = new HashMap<>(beside);
    values.put("DATA_DIR", tmp.resolve("data").toString());
    values.put(key, value);
    return Settings.of(values);
  }

  Settings with(String key, String value) {
    return with(key, value, Map.of());
  }

  /** Misspelt or unknown SOURCE_* settings, and the start of the error they must get. */
  protected abstract List<String> sourceTypos();

  protected abstract String knownSourcesMessage();

  /** The example's command line, as {@code main} runs it. */
  protected abstract int run(List<String> args, PrintStream out, PrintStream err);

  protected abstract String serviceName();

  @ParameterizedTest(name = "{0}={1} is taken")
  @MethodSource("table")
  void shouldTakeTheGoodValue(String key, String good, String bad, String words,
      Map<String, String> beside) {
    assertThatCode(() -> read(with(key, good, beside))).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}={2} is refused")
  @MethodSource("table")
  void shouldRefuseTheBadValueInOneLineNamingTheSetting(String key, String good, String bad,
      String words, Map<String, String> beside) {
    assertThatThrownBy(() -> read(with(key, bad, beside))).isInstanceOf(SettingsException.class)
        .satisfies(e -> {
          assertThat(((SettingsException) e).key()).isEqualTo(key);
          assertThat(e.getMessage()).contains(key).contains(words).doesNotContain("\n")
              .doesNotContain(SECRET);
        });
  }

  @Test
  void shouldRefuseAMisspeltOrUnknownSourceListingTheKnownOnes() {
    for (String typo : sourceTypos()) {
      assertThatThrownBy(() -> read(with(typo, "2m")))
          .hasMessageStartingWith("Setting " + typo + " is read by no source; the sources are "
              + knownSourcesMessage());
    }
  }

  @Test
  void shouldExitTwoWithOneLineOnStderrForABadSettingBeforeAnythingStarts() {
    System.setProperty("HEALTH_ALLOWLIST", "10.0.0.1,");
    try {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = run(List.of("serve"), new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(err, true, StandardCharsets.UTF_8));

      String text = err.toString(StandardCharsets.UTF_8);
      assertThat(exit).isEqualTo(2);
      assertThat(text.strip()).startsWith(serviceName() + ": ").contains("HEALTH_ALLOWLIST")
          .doesNotContain("\n").doesNotContain("Exception");
    } finally {
      System.clearProperty("HEALTH_ALLOWLIST");
    }
  }
}
