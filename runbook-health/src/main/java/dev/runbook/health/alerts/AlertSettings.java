package dev.runbook.health.alerts;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.health.internal.JsonLines;
import dev.runbook.health.mail.SmtpAlertChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link AlertBook} and its channels from settings, as the examples read them:
 *
 * <ul>
 *   <li>{@code ALERTS_FILE}: the JSON Lines file every alert event goes to; the service names the
 *       default (the examples: {@code DATA_DIR/alerts.jsonl}); {@code none} turns it off.
 *   <li>{@code ALERT_WEBHOOK_URL} and {@code ALERT_WEBHOOK_FORMAT} ({@code generic}, the default,
 *       or {@code slack}): a webhook told of every alert event.
 *   <li>{@code ALERT_SMTP_*}: e-mail for warning and above, see {@link SmtpAlertChannel}.
 *   <li>{@code ALERTS_RENOTIFY} (default 4h): how long an active alert waits before channels are
 *       told again; {@code ALERTS_INTERVAL} (default 30s): how often an {@link AlertWatch} judges
 *       everything.
 * </ul>
 */
public final class AlertSettings {

  private AlertSettings() {}

  /**
   * The book the settings describe.
   *
   * @param defaultFile where alerts go when {@code ALERTS_FILE} is unset; null for nowhere
   * @throws SettingsException naming the setting that is wrong
   */
  public static AlertBook book(Settings settings, String service, Path defaultFile,
      Clock clock) {
    AlertBook.Builder b = AlertBook.builder().clock(clock)
        .renotifyAfter(positive(settings, "ALERTS_RENOTIFY", Duration.ofHours(4)));
    file(settings, defaultFile).ifPresent(f -> b.channel("file", new JsonLinesAlertChannel(f),
        Alert.Severity.WARNING));
    Optional<String> url = settings.string("ALERT_WEBHOOK_URL");
    String format = settings.string("ALERT_WEBHOOK_FORMAT", "generic");
    WebhookAlertChannel.Format f;
    try {
      f = WebhookAlertChannel.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("ALERT_WEBHOOK_FORMAT", "ALERT_WEBHOOK_FORMAT \"" + format
          + "\" is not generic or slack", null);
    }
    if (url.isPresent()) {
      WebhookAlertChannel webhook;
      try {
        webhook = WebhookAlertChannel.builder(new URI(url.get())).format(f).service(service)
            .build();
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new SettingsException("ALERT_WEBHOOK_URL", "ALERT_WEBHOOK_URL is not an absolute"
            + " http:// or https:// URL (the value is not repeated: it may hold a secret)", null);
      }
      b.channel("webhook", webhook, Alert.Severity.WARNING);
    } else if (settings.string("ALERT_WEBHOOK_FORMAT").isPresent()) {
      throw new SettingsException("ALERT_WEBHOOK_FORMAT", "ALERT_WEBHOOK_FORMAT is set but"
          + " ALERT_WEBHOOK_URL is not; set the URL too, or unset the format", null);
    }
    if (!settings.namesStartingWith("ALERT_SMTP_").isEmpty()) {
      b.channel("email", smtp(settings, service), Alert.Severity.WARNING);
    }
    return b.build();
  }

  private static AlertChannel smtp(Settings settings, String service) {
    try {
      return SmtpAlertChannel.fromSettings(settings, service).orElseThrow();
    } catch (NoClassDefFoundError e) {
      throw new SettingsException("ALERT_SMTP_HOST", "ALERT_SMTP_* is set but Jakarta Mail is"
          + " not on the class path; add the dependency org.eclipse.angus:angus-mail", null);
    }
  }

  /** {@code ALERTS_INTERVAL}, default 30 s. */
  public static Duration interval(Settings settings) {
    Duration d = settings.duration("ALERTS_INTERVAL", Duration.ofSeconds(30));
    if (d.toMillis() < 100) {
      throw new SettingsException("ALERTS_INTERVAL", "ALERTS_INTERVAL " + d
          + " is too short; use at least 100ms", null);
    }
    return d;
  }

  /** The alerts file: {@code ALERTS_FILE}, else {@code defaultFile}; empty when off. */
  public static Optional<Path> file(Settings settings, Path defaultFile) {
    Optional<String> set = settings.string("ALERTS_FILE");
    if (set.isPresent() && set.get().equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    Path file = set.map(Path::of).orElse(defaultFile);
    if (file != null) {
      try {
        JsonLines.requireFolder(file, "ALERTS_FILE");
      } catch (IllegalArgumentException e) {
        throw new SettingsException("ALERTS_FILE", e.getMessage() + ", or set ALERTS_FILE=none",
            null);
      }
    }
    return Optional.ofNullable(file);
  }

  private static Duration positive(Settings settings, String key, Duration defaultValue) {
    Duration d = settings.duration(key, defaultValue);
    if (d.isZero()) {
      throw new SettingsException(key, key + " must be longer than zero", null);
    }
    return d;
  }
}
