package dev.runbook.examples.bibliotheca;

import dev.runbook.core.Settings;
import dev.runbook.examples.support.SettingsTableContract;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every setting of bibliotheca with a good and a bad value; see {@link SettingsTableContract}. */
class SettingsTableTest extends SettingsTableContract {

  @Override
  protected Stream<Arguments> ownSettings() {
    return Stream.of(
        Arguments.of("EMAIL_PROVIDER_URL", "http://127.0.0.1:8025",
            "smtp://mailer:" + SECRET + "@mail.example", "is not an http(s) URL"),
        Arguments.of("REMINDER_INTERVAL", "30m", "99999999999999d", "use at most 36500d"),
        Arguments.of("SOURCE_EMAIL_COOLDOWN", "2m", "-1s", "SOURCE_EMAIL_COOLDOWN"),
        Arguments.of("SOURCE_EMAIL_CRITICAL", "true", "perhaps", "SOURCE_EMAIL_CRITICAL"),
        Arguments.of("TEST_ROUTES", "true", "perhaps", "TEST_ROUTES"));
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
