package dev.runbook.health.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A framework-neutral HTTP request, as an adapter hands it to {@link HealthEndpoint}: method, path
 * (without query), query parameters, headers (names case-insensitive), the direct peer's address,
 * and the adapter's own request object for host callbacks.
 */
public final class HealthRequest {

  private final String method;
  private final String path;
  private final Map<String, String> query;
  private final Map<String, List<String>> headers;
  private final Function<String, List<String>> headerLookup;
  private final InetAddress remoteAddress;
  private final Object nativeRequest;
  private final String principal;

  private HealthRequest(Builder b) {
    this.principal = b.principal;
    this.method = b.method;
    this.path = b.path;
    this.query = Map.copyOf(b.query);
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    b.headers.forEach((k, v) -> h.merge(k, List.copyOf(v), (a, c) -> {
      java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
      all.addAll(c);
      return List.copyOf(all);
    }));
    this.headers = java.util.Collections.unmodifiableMap(h);
    this.headerLookup = b.headerLookup;
    this.remoteAddress = b.remoteAddress;
    this.nativeRequest = b.nativeRequest;
  }

  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /**
   * Percent-decodes a raw request path for {@link #builder}, as adapters do: {@code +} stays a
   * plus sign, and a malformed escape leaves the path as it came (it then matches no route).
   */
  public static String decodePath(String rawPath) {
    if (rawPath.indexOf('%') < 0) {
      return rawPath;
    }
    try {
      return java.net.URLDecoder.decode(rawPath.replace("+", "%2B"),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return rawPath;
    }
  }

  /** Upper-case HTTP method. */
  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public Optional<String> queryParameter(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** All values of a header, in order; empty if absent. */
  public List<String> headers(String name) {
    List<String> added = headers.get(name);
    if (headerLookup == null) {
      return added == null ? List.of() : added;
    }
    List<String> looked = headerLookup.apply(name);
    if (added == null) {
      return looked == null ? List.of() : List.copyOf(looked);
    }
    List<String> all = new java.util.ArrayList<>(looked == null ? List.of() : looked);
    all.addAll(added);
    return List.copyOf(all);
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The direct peer (the TCP connection's remote address); null if the adapter cannot tell. */
  public InetAddress remoteAddress() {
    return remoteAddress;
  }

  /**
   * The adapter's own request object ({@code HttpExchange}, {@code HttpServletRequest}), for
   * credential callbacks; null when built directly.
   */
  public Object nativeRequest() {
    return nativeRequest;
  }

  /** The authenticated principal's name the adapter saw (a servlet's user principal), or null. */
  public String principal() {
    return principal;
  }

  /** Builds a {@link HealthRequest}. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, String> query = new java.util.LinkedHashMap<>();
    private final Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    private InetAddress remoteAddress;
    private Object nativeRequest;
    private String principal;
    private Function<String, List<String>> headerLookup;

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      this.path = Objects.requireNonNull(path, "path");
    }

    /** Adds query parameters from a raw query string ({@code a=1&b=2}); the first value wins. */
    public Builder rawQuery(String rawQuery) {
      if (rawQuery == null || rawQuery.isEmpty()) {
        return this;
      }
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.putIfAbsent(key, value);
      }
      return this;
    }

    public Builder queryParameter(String name, String value) {
      query.putIfAbsent(name, value);
      return this;
    }

    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
      return this;
    }

    /**
     * Reads headers from the adapter's own request when the endpoint asks for one, instead of
     * copying every header up front: {@code lookup} gets a header name (any letter case) and
     * returns its values in order, or an empty list or null when absent. Headers added with
     * {@link #header} come after the looked-up ones.
     */
    public Builder headerLookup(Function<String, List<String>> lookup) {
      this.headerLookup = Objects.requireNonNull(lookup, "lookup must not be null");
      return this;
    }

    public Builder remoteAddress(InetAddress remoteAddress) {
      this.remoteAddress = remoteAddress;
      return this;
    }

    /** The authenticated principal's name, if the host authenticated the request. */
    public Builder principal(String principal) {
      this.principal = principal;
      return this;
    }

    public Builder nativeRequest(Object nativeRequest) {
      this.nativeRequest = nativeRequest;
      return this;
    }

    public HealthRequest build() {
      return new HealthRequest(this);
    }

    private static String decode(String s) {
      try {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return s;
      }
    }
  }
}
