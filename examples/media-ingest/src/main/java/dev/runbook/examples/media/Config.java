package dev.runbook.examples.media;

import dev.runbook.backup.BackupEncryption;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.examples.support.Durations;
import dev.runbook.examples.support.HttpUrls;
import dev.runbook.examples.support.ServiceAlerts;
import dev.runbook.examples.support.ServiceSettings;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.EndpointFormats;
import dev.runbook.jdbc.postgres.PgTools;
import dev.runbook.health.sources.SourcePolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * media-ingest's settings, read once at start-up from the environment (or system properties of
 * the same name). A bad value stops start-up with an error naming the setting.
 */
record Config(
    int port,
    String bind,
    Path dataDir,
    String databaseUrl,
    Map<String, Optional<URI>> sourceUrls,
    Set<String> fakeFailures,
    Set<String> fakeRateLimited,
    Duration ingestInterval,
    int jobFailureThreshold,
    Duration previewTtl,
    int payloadRetentionDays,
    Duration retentionInterval,
    Duration backupInterval,
    Duration drillInterval,
    RetentionPolicy retention,
    Optional<OffsiteTarget> offsite,
    AccessGate gate,
    EndpointFormats formats,
    Optional<Path> drillScratch,
    BackupEncryption encryption,
    Duration toolTimeout,
    Duration workerInterval,
    List<String> opsAdmins,
    List<String> vaultCredentials,
    Optional<URI> amqpUrl,
    Optional<URI> amqpManagementUrl,
    Settings settings) {

  /** The sources, in order, with the setting that gives each one's base URL. */
  static final Map<String, String> SOURCES = sources();

  private static Map<String, String> sources() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("tmdb", "TMDB_URL");
    m.put("igdb", "IGDB_URL");
    m.put("lastfm", "LASTFM_URL");
    m.put("googlebooks", "GOOGLE_BOOKS_URL");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Refuses SOURCE_* settings no source reads; the settings otherwise, unchanged. */
  private static Settings checked(Settings s, java.util.Collection<String> sources) {
    SourcePolicy.checkSettings(s, sources);
    return s;
  }

  /** media-ingest's route group: the API under {@code /media}. */
  static final String ROUTE_GROUPS = "api=/media";

  /** Reads the SLO, alert and audit settings now, so a bad one stops the start. */
  private static Settings alertsChecked(Settings s) {
    ServiceAlerts.check(s, ROUTE_GROUPS);
    return s;
  }

  static Config from(Settings s) {
    int port = (int) s.number("PORT", 8080, 0, 65535);
    String bind = ServiceSettings.bind(s);
    Path dataDir = ServiceSettings.dataDir(s);
    String url = s.string("DATABASE_URL")
        .orElse("jdbc:sqlite:" + dataDir.resolve("media.db"));
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new SettingsException("DATABASE_URL", "DATABASE_URL must be a jdbc:postgresql: or"
          + " jdbc:sqlite: URL, e.g. jdbc:postgresql://127.0.0.1:5432/media?user=ingest; leave it"
          + " unset for SQLite in DATA_DIR", null);
    }
    Map<String, Optional<URI>> urls = new LinkedHashMap<>();
    SOURCES.forEach((source, key) -> urls.put(source, s.string(key).map(v -> HttpUrls.parse(key, v,
        "https://api.example.org/v3", "the built-in fake upstream"))));
    Set<String> failures = sourceNames(s, "FAKE_UPSTREAM_FAILURES");
    Set<String> limited = sourceNames(s, "FAKE_UPSTREAM_RATE_LIMIT");
    return new Config(port, bind, dataDir, url, urls, failures, limited,
        Durations.positive(s, "INGEST_INTERVAL", Duration.ofSeconds(30)),
        (int) s.number("JOB_FAILURE_THRESHOLD", 3, 1, 1000),
        Durations.positive(s, "PREVIEW_TTL", Duration.ofDays(7)),
        (int) s.number("PAYLOAD_RETENTION_DAYS", 30, 1, 36500),
        Durations.positive(s, "RETENTION_INTERVAL", Duration.ofHours(1)),
        Durations.positive(s, "BACKUP_INTERVAL", Duration.ofHours(24)),
        Durations.positive(s.rejectRenamed("VERIFY_INTERVAL", "DRILL_INTERVAL"), "DRILL_INTERVAL",
            Duration.ofDays(7)),
        RetentionPolicy.fromSettings(s),
        OffsiteTarget.fromSettings(s),
        AccessGate.fromSettings(s),
        EndpointFormats.fromSettings(s),
        ServiceSettings.drillScratch(s),
        BackupEncryption.fromSettings(s),
        Durations.positive(s, "BACKUP_TOOL_TIMEOUT", PgTools.DEFAULT_TIME_LIMIT),
        Durations.positive(s, "INGEST_WORKER_INTERVAL", Duration.ofSeconds(1)),
        names(s, "OPS_ADMIN_ALLOWLIST"),
        names(s, "VAULT_CREDENTIALS"),
        amqp(s),
        s.string("AMQP_MANAGEMENT_URL").map(v -> HttpUrls.parse("AMQP_MANAGEMENT_URL", v,
            "http://127.0.0.1:15672", "no management API")),
        alertsChecked(checked(s, SOURCES.keySet())));
  }

  /** {@code AMQP_URL}: RabbitMQ for the ingest queue; the value is never repeated in an error. */
  private static Optional<URI> amqp(Settings s) {
    Optional<String> value = s.string("AMQP_URL");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.get());
      if (("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (java.net.URISyntaxException e) {
      // named below
    }
    throw new SettingsException("AMQP_URL", "AMQP_URL is not an amqp:// or amqps:// URL with a"
        + " host, e.g. amqp://user:password@127.0.0.1:5672/%2F (the value is not repeated: it may"
        + " hold a password)", null);
  }

  /** A list of plain names (token names, principals, setting names), each checked. */
  private static List<String> names(Settings s, String key) {
    List<String> names = s.list(key);
    for (String name : names) {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]*")) {
        throw new SettingsException(key, key + " entry \"" + name + "\" is not a plain name;"
            + " use letters, digits and . _ @ -", null);
      }
    }
    return List.copyOf(names);
  }

  boolean postgres() {
    return databaseUrl.startsWith("jdbc:postgresql:");
  }

  Path sqliteFile() {
    return Path.of(databaseUrl.substring("jdbc:sqlite:".length())).toAbsolutePath().normalize();
  }

  /** Where paused jobs are kept, so a restart, and the operator's commands, see them. */
  Path pauseFile() {
    return dataDir.resolve("paused-jobs.json");
  }

  Path backups() {
    return dataDir.resolve("backups");
  }

  private static Set<String> sourceNames(Settings s, String key) {
    List<String> names = s.list(key);
    for (String name : names) {
      if (!SOURCES.containsKey(name)) {
        throw new SettingsException(key, key + " names \"" + name + "\", which is not a source;"
            + " the sources are " + String.join(", ", SOURCES.keySet()), null);
      }
    }
    return Set.copyOf(names);
  }

}
