package dev.runbook.examples.bibliotheca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    Config c = Config.from(Settings.of(Map.of()));
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.bind()).isEqualTo("127.0.0.1");
    assertThat(c.dataDir().getFileName()).hasToString("data");
    assertThat(c.emailProviderUrl()).isEmpty();
    assertThat(c.reminderInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(c.jobFailureThreshold()).isEqualTo(3);
    assertThat(c.backupInterval()).isEqualTo(Duration.ofHours(24));
    assertThat(c.drillInterval()).isEqualTo(Duration.ofDays(7));
    assertThat(c.retention().keepWithin()).isEqualTo(Duration.ofDays(30));
    assertThat(c.offsite()).isEmpty();
  }

  @Test
  void eachBadValueIsNamed() {
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("PORT", "99999"))))
        .hasMessageContaining("PORT");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("REMINDER_INTERVAL", "5"))))
        .hasMessageContaining("REMINDER_INTERVAL").hasMessageContaining("unit");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("BACKUP_INTERVAL", "0s"))))
        .hasMessageContaining("BACKUP_INTERVAL must be a positive duration");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("JOB_FAILURE_THRESHOLD", "0"))))
        .hasMessageContaining("JOB_FAILURE_THRESHOLD");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("EMAIL_PROVIDER_URL", "smtp://x"))))
        .hasMessageContaining("EMAIL_PROVIDER_URL \"smtp://x\" is not an http(s) URL");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("BACKUP_REMOTE", "s3://b/x"))))
        .hasMessageContaining("BACKUP_REMOTE");
    assertThatThrownBy(() -> Config.from(Settings.of(Map.of("BACKUP_RETENTION_DAYS", "x"))))
        .hasMessageContaining("BACKUP_RETENTION_DAYS");
  }

  @Test
  void unknownCommandsAreUsageErrors() {
    var err = new java.io.ByteArrayOutputStream();
    int exit = Main.run(java.util.List.of("restor-verify"), System.out,
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("unknown command \"restor-verify\"").contains("usage:");
  }
}
