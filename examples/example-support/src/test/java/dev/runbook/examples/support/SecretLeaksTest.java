package dev.runbook.examples.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The leak check fails when a secret shows, and when the evidence of real output is missing. */
class SecretLeaksTest {

  @Test
  void shouldNameTheSecretThatShowedAndPassWhenNoneDid() {
    SecretLeaks leaks = new SecretLeaks();
    String shown = leaks.secret("EMAIL_PROVIDER_URL password");
    String hidden = leaks.secret("HEALTH_TOKENS");
    leaks.saw("INFO started email_provider=\"http://mailer:" + shown + "@mail\"");
    leaks.saw("INFO health_reset_refused token=*** " + hidden.substring(0, 6));

    assertThatThrownBy(() -> leaks.assertNoneLeaked(2, "started"))
        .hasMessageContaining("EMAIL_PROVIDER_URL password")
        .hasMessageNotContaining("HEALTH_TOKENS");

    SecretLeaks clean = new SecretLeaks();
    clean.secret("a");
    clean.saw("INFO started email_provider=\"http://mailer:***@mail\"");
    assertThatCode(() -> clean.assertNoneLeaked(1, "started")).doesNotThrowAnyException();
    assertThatThrownBy(() -> clean.assertNoneLeaked(1, "backup_completed"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> clean.assertNoneLeaked(2, "started"))
        .isInstanceOf(AssertionError.class);
  }
}
