package dev.runbook.examples.bibliotheca;

import dev.runbook.core.Settings;
import dev.runbook.examples.support.SettingsTableContract;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/** Every setting of bibliotheca with a good and a bad value; see {@link SettingsTableContract}. */
class SettingsTableTest extends SettingsTableContract {

  @TempDir Path tmp;

  /** Setting, a good value, a bad value, and words the error must contain. */
  @Override
  protected Stream<Arguments> table() throws Exception {
    Path file = Files.writeString(Files.createDirectories(tmp).resolve("not-a-folder"), "x");
    return Stream.of(
        Arguments.of("PORT", "8081", "99999", "PORT"),
        Arguments.of("BIND", "0.0.0.0", "300.0.0.1", "use 127.0.0.1"),
        Arguments.of("DATA_DIR", tmp.resolve("data").toString(), file.toString(), "not a folder"),
        Arguments.of("EMAIL_PROVIDER_URL", "http://127.0.0.1:8025",
            "smtp://mailer:" + SECRET + "@mail.example", "is not an http(s) URL"),
        Arguments.of("REMINDER_INTERVAL", "30m", "99999999999999d", "use at most 36500d"),
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
        Arguments.of("SOURCE_COOLDOWN", "2m", "soon", "SOURCE_COOLDOWN"),
        Arguments.of("SOURCE_EMAIL_COOLDOWN", "2m", "-1s", "SOURCE_EMAIL_COOLDOWN"),
        Arguments.of("SOURCE_EMAIL_CRITICAL", "true", "perhaps", "SOURCE_EMAIL_CRITICAL"));
  }

  @Override
  protected Settings with(String key, String value) {
    Map<String, String> values = new HashMap<>();
    values.put("DATA_DIR", tmp.resolve("data").toString());
    values.put(key, value);
    return Settings.of(values);
  }

  @Override
  protected void read(Settings settings) {
    Config.from(settings);
  }

  @Override
  protected List<String> sourceTypos() {
    return List.of("SOURCE_EMAL_COOLDOWN", "SOURCE_NETFLIX_COOLDOWN",
        "SOURCE_EMAIL_COOLDWN");
  }

  @Override
  protected String knownSourcesMessage() {
    return "email";
  }

  @Override
  protected int run(List<String> args, PrintStream out, PrintStream err) {
    return Main.run(args, out, err);
  }

  @Override
  protected String serviceName() {
    return "bibliotheca";
  }
}
