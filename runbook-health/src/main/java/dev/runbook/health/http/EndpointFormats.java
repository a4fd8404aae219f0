package dev.runbook.health.http;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which format an endpoint answers by default and which peers' probe paths it serves, read from
 * settings before anything starts and applied with {@link HealthEndpoint.Builder#formats}:
 *
 * <ul>
 *   <li>{@code HEALTH_DEFAULT_FORMAT}: {@code native} (default), {@code ietf}, {@code
 *       microprofile} or {@code actuator};
 *   <li>{@code HEALTH_PROBE_PATHS}: a list (CSV or JSON array) of {@code microprofile} ({@code
 *       /health/live}, {@code /health/ready}, {@code /health/started}, {@code
 *       /health/group/{name}}; on by default when MicroProfile is the default format), {@code
 *       kubernetes} ({@code /livez}, {@code /readyz}) and {@code actuator} ({@code
 *       /actuator/health} and its groups); default none.
 * </ul>
 */
public record EndpointFormats(PayloadFormat defaultFormat, boolean microProfilePaths,
    boolean kubernetesPaths, boolean actuatorPaths) {

  private static final Set<String> PATHS = Set.of("microprofile", "kubernetes", "actuator");

  public EndpointFormats {
    Objects.requireNonNull(defaultFormat, "defaultFormat must not be null");
  }

  /** Native by default, no other paths. */
  public static EndpointFormats defaults() {
    return new EndpointFormats(PayloadFormat.NATIVE, false, false, false);
  }

  /**
   * Reads {@code HEALTH_DEFAULT_FORMAT} and {@code HEALTH_PROBE_PATHS}.
   *
   * @throws SettingsException naming the setting, the bad value and the values it takes
   */
  public static EndpointFormats fromSettings(Settings settings) {
    String name = settings.string("HEALTH_DEFAULT_FORMAT", "native");
    PayloadFormat format = PayloadFormat.fromParameter(name).orElseThrow(() ->
        new SettingsException("HEALTH_DEFAULT_FORMAT", "HEALTH_DEFAULT_FORMAT \"" + name
            + "\" is not a format; use native, ietf, microprofile or actuator", null));
    List<String> paths = settings.list("HEALTH_PROBE_PATHS");
    for (String path : paths) {
      if (!PATHS.contains(path)) {
        throw new SettingsException("HEALTH_PROBE_PATHS", "HEALTH_PROBE_PATHS names \"" + path
            + "\", which is no set of paths; use any of microprofile, kubernetes, actuator", null);
      }
    }
    return new EndpointFormats(format,
        paths.contains("microprofile") || format == PayloadFormat.MICROPROFILE,
        paths.contains("kubernetes"), paths.contains("actuator"));
  }
}
