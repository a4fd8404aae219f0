package dev.runbook.health.slo;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every request an adapter's filter sees, by route group: a path goes to the first group whose
 * prefix it starts with, else to {@code default}; the probe routes ({@code /ping}, {@code
 * /health}, {@code /livez}, {@code /readyz}, {@code /actuator/health}) are left out by default. A
 * 5xx answer (and a request that threw) is an error. The groups are fixed when built, so memory is
 * bounded whatever paths clients send.
 */
public final class RequestSlis {

  /** The group of paths no configured prefix matches. */
  public static final String DEFAULT_GROUP = "default";

  private final List<String[]> prefixes; // {prefix, group}
  private final List<String> excluded;
  private final Map<String, RequestWindows> windows;

  private RequestSlis(Builder b) {
    this.prefixes = List.copyOf(b.prefixes);
    this.excluded = List.copyOf(b.excluded);
    Map<String, RequestWindows> w = new LinkedHashMap<>();
    for (String[] p : prefixes) {
      w.computeIfAbsent(p[1], g -> new RequestWindows(b.clock));
    }
    w.computeIfAbsent(DEFAULT_GROUP, g -> new RequestWindows(b.clock));
    this.windows = Map.copyOf(w);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Records one request to {@code path} answered with {@code status} after {@code latency}. */
  public void record(String path, int status, Duration latency) {
    for (String prefix : excluded) {
      if (matches(path, prefix)) {
        return;
      }
    }
    String group = DEFAULT_GROUP;
    for (String[] p : prefixes) {
      if (matches(path, p[0])) {
        group = p[1];
        break;
      }
    }
    windows.get(group).record(latency, status >= 500);
  }

  /** {@code /health} matches {@code /health} and {@code /health/x}, not {@code /healthy}. */
  private static boolean matches(String path, String prefix) {
    return path.startsWith(prefix) && (path.length() == prefix.length() || prefix.endsWith("/")
        || path.charAt(prefix.length()) == '/');
  }

  /** The groups, the default one included. */
  public List<String> groups() {
    return windows.keySet().stream().sorted().toList();
  }

  /** The requests of {@code group}. */
  public RequestWindows windows(String group) {
    RequestWindows w = windows.get(group);
    if (w == null) {
      throw new IllegalArgumentException("no route group \"" + group + "\"; the groups are "
          + String.join(", ", groups()));
    }
    return w;
  }

  /** Configures {@link RequestSlis}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private final List<String[]> prefixes = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>(
        List.of("/ping", "/health", "/livez", "/readyz", "/actuator/health"));

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Paths starting with {@code pathPrefix} (e.g. {@code /api}) form the group {@code name}. */
    public Builder group(String name, String pathPrefix) {
      if (!pathPrefix.startsWith("/")) {
        throw new IllegalArgumentException("route group " + name + ": prefix \"" + pathPrefix
            + "\" must start with /");
      }
      prefixes.add(new String[] {pathPrefix, name});
      return this;
    }

    /** Counts the probe routes too, which are left out by default. */
    public Builder includeProbes() {
      excluded.clear();
      return this;
    }

    public RequestSlis build() {
      return new RequestSlis(this);
    }
  }
}
