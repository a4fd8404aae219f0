package dev.runbook.examples.bibliotheca;

import dev.runbook.backup.BackupEncryption;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.core.Settings;
import dev.runbook.examples.support.Durations;
import dev.runbook.examples.support.HttpUrls;
import dev.runbook.examples.support.ServiceAlerts;
import dev.runbook.examples.support.ServiceSettings;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.EndpointFormats;
import dev.runbook.health.sources.SourcePolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * bibliotheca's settings, read once at start-up from the environment (or system properties of the
 * same name). A bad value stops start-up with an error naming the setting.
 */
record Config(
    int port,
    String bind,
    Path dataDir,
    Optional<URI> emailProviderUrl,
    Duration reminderInterval,
    int jobFailureThreshold,
    Duration backupInterval,
    Duration drillInterval,
    RetentionPolicy retention,
    Optional<OffsiteTarget> offsite,
    AccessGate gate,
    EndpointFormats formats,
    Optional<Path> drillScratch,
    BackupEncryption encryption,
    boolean testRoutes,
    Settings settings) {

  /** bibliotheca's route groups: everything but the probes is one group, {@code default}. */
  static final String ROUTE_GROUPS = null;

  /** Refuses SOURCE_* settings no source reads; the settings otherwise, unchanged. */
  private static Settings checked(Settings s, java.util.Collection<String> sources) {
    SourcePolicy.checkSettings(s, sources);
    return s;
  }

  static Config from(Settings s) {
    int port = (int) s.number("PORT", 8080, 0, 65535);
    String bind = ServiceSettings.bind(s);
    Path dataDir = ServiceSettings.dataDir(s);
    Optional<URI> email = s.string("EMAIL_PROVIDER_URL")
        .map(v -> HttpUrls.parse("EMAIL_PROVIDER_URL", v, "http://mail.internal:8025",
            "the built-in fake"));
    Duration reminders = Durations.positive(s, "REMINDER_INTERVAL", Duration.ofHours(1));
    int threshold = (int) s.number("JOB_FAILURE_THRESHOLD", 3, 1, 1000);
    Duration backups = Durations.positive(s, "BACKUP_INTERVAL", Duration.ofHours(24));
    Duration drills = Durations.positive(
        s.rejectRenamed("VERIFY_INTERVAL", "DRILL_INTERVAL"), "DRILL_INTERVAL", Duration.ofDays(7));
    RetentionPolicy retention = RetentionPolicy.fromSettings(s);
    Optional<OffsiteTarget> offsite = OffsiteTarget.fromSettings(s);
    return new Config(port, bind, dataDir, email, reminders, threshold, backups, drills,
        retention, offsite, AccessGate.fromSettings(s),
        EndpointFormats.fromSettings(s),
        ServiceSettings.drillScratch(s),
        BackupEncryption.fromSettings(s),
        s.bool("TEST_ROUTES", false),
        alertsChecked(checked(s, List.of("email"))));
  }

  /** Reads the SLO, alert and audit settings now, so a bad one stops the start. */
  private static Settings alertsChecked(Settings s) {
    ServiceAlerts.check(s, ROUTE_GROUPS);
    return s;
  }

  Path database() {
    return dataDir.resolve("library.db");
  }

  Path backups() {
    return dataDir.resolve("backups");
  }
}
