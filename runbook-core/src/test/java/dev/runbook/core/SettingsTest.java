package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("30s", Duration.ofSeconds(30)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("7d", Duration.ofDays(7)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of(" 45S ", Duration.ofSeconds(45)),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("PT1H", Duration.ofHours(1)),
        Arguments.of("P7D", Duration.ofDays(7)),
        Arguments.of("PT0.5S", Duration.ofMillis(500)));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void shouldParseDurationsInEveryAcceptedForm(String text, Duration expected) {
    Settings settings = Settings.of(Map.of("BACKUP_INTERVAL", text));

    assertThat(settings.duration("BACKUP_INTERVAL")).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x", "30", "1.5h", "h", "PT", "-5m", "PT-1H", "5m garbage", "m5"})
  void shouldRejectBadDurationsNamingTheSettingAndValue(String text) {
    Settings settings = Settings.of(Map.of("BACKUP_INTERVAL", text));

    assertThatThrownBy(() -> settings.duration("BACKUP_INTERVAL"))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("Setting BACKUP_INTERVAL: ")
        .hasMessageContaining("\"" + text + "\"")
        .satisfies(e -> assertThat(((SettingsException) e).key()).isEqualTo("BACKUP_INTERVAL"));
  }

  @Test
  void shouldSuggestAUnitForABareNumber() {
    assertThatThrownBy(() -> Settings.parseDuration("30"))
        .hasMessageContaining("has no unit")
        .hasMessageContaining("\"30s\"");
  }

  @Test
  void shouldUseTheDefaultWhenUnsetOrBlank() {
    Settings settings = Settings.of(Map.of("BLANK", "  "));

    assertThat(settings.duration("MISSING", Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
    assertThat(settings.duration("BLANK", Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    assertThat(settings.string("BLANK")).isEmpty();
  }

  static Stream<Arguments> lists() {
    return Stream.of(
        Arguments.of("10.0.0.0/8", List.of("10.0.0.0/8")),
        Arguments.of("10.0.0.0/8,::1", List.of("10.0.0.0/8", "::1")),
        Arguments.of(" 10.0.0.0/8 ,  ::1 ", List.of("10.0.0.0/8", "::1")),
        Arguments.of("[\"10.0.0.0/8\", \"::1\"]", List.of("10.0.0.0/8", "::1")),
        Arguments.of("  [ \" 127.0.0.1 \" ]  ", List.of("127.0.0.1")),
        Arguments.of("[]", List.of()));
  }

  @ParameterizedTest
  @MethodSource("lists")
  void shouldParseListsAsCsvOrJsonArray(String text, List<String> expected) {
    assertThat(Settings.of(Map.of("HEALTH_ALLOWLIST", text)).list("HEALTH_ALLOWLIST"))
        .isEqualTo(expected);
  }

  static Stream<Arguments> badLists() {
    return Stream.of(
        Arguments.of("10.0.0.0/8,,::1", "entry 2"),
        Arguments.of("10.0.0.0/8,", "entry 2"),
        Arguments.of(",10.0.0.0/8", "entry 1"),
        Arguments.of("[\"a\", \"\"]", "entry 2"),
        Arguments.of("[\"a\", 5]", "entry 2"),
        Arguments.of("[\"a\",", "not valid JSON"),
        Arguments.of("[{\"a\":1}]", "entry 1"));
  }

  @ParameterizedTest
  @MethodSource("badLists")
  void shouldRejectEmptyOrMalformedEntriesNamingThem(String text, String named) {
    Settings settings = Settings.of(Map.of("HEALTH_ALLOWLIST", text));

    assertThatThrownBy(() -> settings.list("HEALTH_ALLOWLIST"))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("Setting HEALTH_ALLOWLIST: ")
        .hasMessageContaining(named);
  }

  @Test
  void shouldNeverQuoteTheValueOfASecretSetting() {
    Settings settings = Settings.of(Map.of("HEALTH_TOKENS", "tok-one,,tok-two"));

    assertThatThrownBy(() -> settings.list("HEALTH_TOKENS"))
        .hasMessageContaining("entry 2")
        .hasMessageNotContaining("tok-one")
        .hasMessageNotContaining("tok-two")
        .hasNoCause();
    Settings nested = Settings.of(Map.of("HEALTH_TOKENS", "[[\"tok-0123456789abcdef\"]]"));
    assertThatThrownBy(() -> nested.list("HEALTH_TOKENS"))
        .hasMessageStartingWith("Setting HEALTH_TOKENS cannot be read (expected a list")
        .hasMessageNotContaining("0123456789abcdef")
        .hasNoCause();
  }

  @Test
  void shouldReadNumbersBooleansAndDecimalsWithRanges() {
    Settings settings = Settings.of(Map.of(
        "PORT", "8080", "ENABLED", "Yes", "RATIO", "0.8", "THRESHOLD", "0", "WORD", "many"));

    assertThat(settings.number("PORT", 1, 1, 65535)).isEqualTo(8080);
    assertThat(settings.bool("ENABLED", false)).isTrue();
    assertThat(settings.decimal("RATIO", 0.5)).isEqualTo(0.8);
    assertThatThrownBy(() -> settings.number("THRESHOLD", 3, 1, 100))
        .hasMessage("Setting THRESHOLD=0 is out of range; use a number from 1 to 100");
    assertThatThrownBy(() -> settings.number("WORD"))
        .hasMessage("Setting WORD: \"many\" is not a whole number");
    assertThatThrownBy(() -> Settings.of(Map.of("ON", "maybe")).bool("ON"))
        .hasMessageContaining("Setting ON: \"maybe\" is not a boolean");
    assertThatThrownBy(() -> Settings.of(Map.of("R", "NaN")).decimal("R"))
        .hasMessageContaining("\"NaN\" is not a finite decimal number");
  }

  @Test
  void shouldNameARequiredSettingThatIsMissing() {
    assertThatThrownBy(() -> Settings.of(Map.of()).required("DATABASE_URL"))
        .hasMessageStartingWith("Setting DATABASE_URL is required but not set");
  }

  @Test
  void shouldPreferSystemPropertiesOverTheEnvironmentInBothSpellings() {
    String key = "RUNBOOK_SETTINGS_TEST_" + System.nanoTime();
    String dotted = key.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    System.setProperty(dotted, "7d");
    try {
      assertThat(Settings.fromEnvironment().duration(key)).contains(Duration.ofDays(7));
    } finally {
      System.clearProperty(dotted);
    }
    assertThat(Settings.fromEnvironment().string(key)).isEmpty();
  }
}
