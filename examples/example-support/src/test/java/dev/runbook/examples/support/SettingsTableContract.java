package dev.runbook.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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

  /** Rows of setting, a good value, a bad value, and words the error must contain. */
  protected abstract Stream<Arguments> table() throws Exception;

  /** The example's settings read from {@code key=value} over a scratch DATA_DIR. */
  protected abstract void read(Settings settings);

  /** The settings the service reads besides the one under test (e.g. a scratch DATA_DIR). */
  protected abstract Settings with(String key, String value);

  /** Misspelt or unknown SOURCE_* settings, and the start of the error they must get. */
  protected abstract List<String> sourceTypos();

  protected abstract String knownSourcesMessage();

  /** The example's command line, as {@code main} runs it. */
  protected abstract int run(List<String> args, PrintStream out, PrintStream err);

  protected abstract String serviceName();

  @ParameterizedTest(name = "{0}={1} is taken")
  @MethodSource("table")
  void shouldTakeTheGoodValue(String key, String good, String bad, String words) {
    assertThatCode(() -> read(with(key, good))).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}={2} is refused")
  @MethodSource("table")
  void shouldRefuseTheBadValueInOneLineNamingTheSetting(String key, String good, String bad,
      String words) {
    assertThatThrownBy(() -> read(with(key, bad))).isInstanceOf(SettingsException.class)
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
