package dev.runbook.health.checks;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Settings;
import dev.runbook.core.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Are the credentials a service needs present, and not about to expire? For each name, the
 * setting must be set; {@code <NAME>_EXPIRES_AT} (an ISO instant, {@code 2027-03-01T00:00:00Z},
 * or a date, {@code 2027-03-01}, meaning its end in UTC), when set, must lie beyond the warning
 * window. Reports names, presence, expiry and days left only: never a value, not even its length.
 * {@code down} when one is missing or expired, {@code degraded} within the window (default 14
 * days) or when an expiry cannot be read.
 */
public final class CredentialVaultCheck implements HealthCheck {

  private final Settings settings;
  private final List<String> names;
  private final Duration warnBefore;
  private final Clock clock;

  private CredentialVaultCheck(Settings settings, List<String> names, Duration warnBefore,
      Clock clock) {
    this.settings = settings;
    this.names = List.copyOf(names);
    this.warnBefore = warnBefore;
    this.clock = clock;
  }

  /** Watches {@code names} (e.g. {@code TMDB_API_KEY}), warning 14 days before expiry. */
  public static CredentialVaultCheck of(Settings settings, Clock clock, String... names) {
    return of(settings, clock, Duration.ofDays(14), names);
  }

  public static CredentialVaultCheck of(Settings settings, Clock clock, Duration warnBefore,
      String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("name at least one credential setting to watch");
    }
    return new CredentialVaultCheck(Objects.requireNonNull(settings, "settings"),
        List.of(names), warnBefore, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public CheckResult check() {
    Instant now = clock.instant();
    Map<String, Object> credentials = new LinkedHashMap<>();
    List<String> down = new ArrayList<>();
    List<String> warn = new ArrayList<>();
    for (String name : names) {
      Map<String, Object> c = new LinkedHashMap<>();
      boolean present = settings.string(name).isPresent();
      c.put("present", present);
      if (!present) {
        down.add(name + " is not set");
      }
      Optional<String> expiry = settings.string(name + "_EXPIRES_AT");
      if (expiry.isPresent()) {
        Instant at = parse(expiry.get());
        if (at == null) {
          c.put("expires_at", null);
          warn.add(name + "_EXPIRES_AT is neither an ISO instant nor a date");
        } else {
          long days = Duration.between(now, at).toDays();
          c.put("expires_at", at.toString());
          c.put("expires_in_days", days);
          if (!at.isAfter(now)) {
            down.add(name + " expired at " + at);
          } else if (at.isBefore(now.plus(warnBefore))) {
            warn.add(name + " expires in " + days + " days");
          }
        }
      }
      credentials.put(name, c);
    }
    List<String> reasons = new ArrayList<>(down);
    reasons.addAll(warn);
    Status status = !down.isEmpty() ? Status.DOWN : !warn.isEmpty() ? Status.DEGRADED
        : Status.OK;
    return CheckResult.of(status, reasons.isEmpty() ? null : String.join("; ", reasons))
        .withDetail("credentials", credentials);
  }

  private static Instant parse(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
