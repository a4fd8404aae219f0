package dev.runbook.health.http;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.health.internal.AddressBlock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides who may see health details and who may change state (reset a job or a circuit).
 *
 * <p>A caller may read details when its client address is in the allowlist or it presents a valid
 * credential: a bearer token ({@code Authorization: Bearer ...}, compared in constant time) or
 * whatever the host's {@link #builder() credential callback} accepts, such as a servlet role. A
 * caller may change state only with a credential; an allowlisted address alone is not enough.
 *
 * <p>The client address is the direct peer, unless the peer is a trusted proxy: then it is the
 * right-most address in {@code X-Forwarded-For} (or {@code Forwarded: for=}) that is not itself a
 * trusted proxy. Rules that keep spoofed headers from earning details:
 *
 * <ul>
 *   <li>forwarding headers from a peer that is not a trusted proxy mean the request came through
 *       a proxy we do not trust, so it earns nothing by address (not even the peer's own);
 *   <li>an entry that is not an IP literal ({@code unknown}, {@code _hidden}) ends the walk with
 *       no address;
 *   <li>when both headers are present and name different clients, the request earns nothing by
 *       address.
 * </ul>
 *
 * <p>Addresses count only in canonical form: four decimal IPv4 parts without leading zeros
 * ({@code 010.0.0.1} and {@code 10.0.0.01} are no address), and no empty entry in a forwarding
 * chain. A bearer token counts only as {@code Authorization: Bearer <token>} with exactly one
 * space and no other character.
 *
 * <p>Secure by default: with nothing configured nobody sees details. A malformed entry fails
 * construction with an error naming it.
 *
 * <pre>{@code
 * AccessGate gate = AccessGate.builder()
 *     .allow("10.0.0.0/8", "::1")
 *     .trustedProxies("127.0.0.1")
 *     .bearerTokens(System.getenv("HEALTH_TOKENS"))
 *     .build();
 * AccessGate fromEnv = AccessGate.fromSettings(Settings.fromEnvironment());
 * }</pre>
 */
public final class AccessGate {

  /** How much a request may do. */
  public enum Access {
    /** Status only. */
    NONE,
    /** Details, earned by an allowlisted client address. */
    ADDRESS,
    /** Details and state changes, earned by a credential. */
    CREDENTIAL;

    public boolean mayReadDetails() {
      return this != NONE;
    }

    public boolean mayChangeState() {
      return this == CREDENTIAL;
    }
  }

  /** A host-supplied credential test, e.g. {@code r -> servletRequest(r).isUserInRole("ops")}. */
  @FunctionalInterface
  public interface CredentialCheck {
    boolean isAuthorised(HealthRequest request);
  }

  public static final int MIN_TOKEN_LENGTH = 16;

  /**
   * {@code Bearer}, one space, a token68 (RFC 6750): nothing else, so a tab, a second space or a
   * control character anywhere makes the header no credential at all.
   */
  private static final Pattern BEARER =
      Pattern.compile("[Bb][Ee][Aa][Rr][Ee][Rr] ([A-Za-z0-9\\-._~+/]+=*)");
  private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  private final List<AddressBlock> allowlist;
  private final List<AddressBlock> trustedProxies;
  private final List<byte[]> tokenDigests;
  private final List<String> tokenNames; // "" for an unnamed token
  private final CredentialCheck credentialCheck;

  private AccessGate(Builder b) {
    this.allowlist = List.copyOf(b.allowlist);
    this.trustedProxies = List.copyOf(b.trustedProxies);
    this.tokenDigests = List.copyOf(b.tokenDigests);
    this.tokenNames = List.copyOf(b.tokenNames);
    this.credentialCheck = b.credentialCheck;
  }

  /** A gate that shows details to nobody. */
  public static AccessGate denyAll() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A gate from {@code HEALTH_ALLOWLIST}, {@code HEALTH_TOKENS} and {@code
   * HEALTH_TRUSTED_PROXIES} (each CSV or a JSON array).
   *
   * @throws SettingsException naming the setting and the bad entry
   */
  public static AccessGate fromSettings(Settings settings) {
    Builder b = builder();
    apply(settings, "HEALTH_ALLOWLIST", b::allow);
    apply(settings, "HEALTH_TRUSTED_PROXIES", b::trustedProxies);
    apply(settings, "HEALTH_TOKENS", b::bearerTokens);
    return b.build();
  }

  private static void apply(Settings settings, String key, java.util.function.Consumer<String[]> to) {
    List<String> entries = settings.list(key);
    try {
      to.accept(entries.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(key, key + " " + e.getMessage(), e);
    }
  }

  /** What the request may do. */
  public Access access(HealthRequest request) {
    if (hasCredential(request)) {
      return Access.CREDENTIAL;
    }
    Optional<InetAddress> client = clientAddress(request);
    if (client.isPresent() && matches(allowlist, client.get())) {
      return Access.ADDRESS;
    }
    return Access.NONE;
  }

  /** The index of the token the request presents, or -1. */
  private int matchingToken(HealthRequest request) {
    if (tokenDigests.isEmpty()) {
      return -1;
    }
    for (String header : request.headers("Authorization")) {
      Matcher bearer = BEARER.matcher(header);
      if (bearer.matches()) {
        byte[] presented = sha256(bearer.group(1));
        int found = -1;
        for (int i = 0; i < tokenDigests.size(); i++) {
          // Check every token, so timing does not tell which one (or whether any) matched.
          if (MessageDigest.isEqual(tokenDigests.get(i), presented)) {
            found = i;
          }
        }
        if (found >= 0) {
          return found;
        }
      }
    }
    return -1;
  }

  /**
   * Who holds the credential: the name of the named token presented ({@code name:token} in
   * {@link Builder#bearerTokens}), else the principal the adapter reports when the credential
   * check grants it; empty for an unnamed token, an address, or nobody.
   */
  public Optional<String> identity(HealthRequest request) {
    int token = matchingToken(request);
    if (token >= 0) {
      String name = tokenNames.get(token);
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
    if (request.principal() != null && access(request) == Access.CREDENTIAL) {
      return Optional.of(request.principal());
    }
    return Optional.empty();
  }

  /**
   * The client address this gate would judge by, or empty when forwarding headers make it
   * untrustworthy or unknown.
   */
  public Optional<InetAddress> clientAddress(HealthRequest request) {
    InetAddress peer = request.remoteAddress();
    if (peer == null) {
      return Optional.empty();
    }
    List<String> xff = request.headers("X-Forwarded-For");
    List<String> forwarded = request.headers("Forwarded");
    boolean hasForwarding = !xff.isEmpty() || !forwarded.isEmpty();
    if (!hasForwarding) {
      return Optional.of(peer);
    }
    if (!matches(trustedProxies, peer)) {
      return Optional.empty();
    }
    Optional<InetAddress> fromXff = xff.isEmpty() ? null : walk(xffEntries(xff));
    Optional<InetAddress> fromForwarded = forwarded.isEmpty() ? null
        : walk(forwardedEntries(forwarded));
    if (fromXff != null && fromForwarded != null) {
      return fromXff.equals(fromForwarded) ? fromXff : Optional.empty();
    }
    return fromXff != null ? fromXff : fromForwarded;
  }

  /**
   * Who asked, for a log line: the client address this gate judges by (or {@code unknown}), and
   * the direct peer when it is a proxy that forwarded the request (else null).
   */
  Caller caller(HealthRequest request) {
    InetAddress peer = request.remoteAddress();
    boolean forwarded = !request.headers("X-Forwarded-For").isEmpty()
        || !request.headers("Forwarded").isEmpty();
    String client = clientAddress(request).map(InetAddress::getHostAddress).orElse("unknown");
    String proxy = forwarded && peer != null ? peer.getHostAddress() : null;
    return new Caller(client, proxy);
  }

  /** Who asked, as log lines name it; {@code proxy} is null for a direct request. */
  record Caller(String client, String proxy) {}

  /** Walks the chain right to left past trusted proxies; a non-literal entry ends it. */
  private Optional<InetAddress> walk(List<String> chain) {
    if (chain.contains("")) {
      return Optional.empty(); // a malformed header: an empty entry anywhere earns nothing
    }
    InetAddress candidate = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Optional<InetAddress> address = AddressBlock.literal(stripPort(chain.get(i)));
      if (address.isEmpty()) {
        return Optional.empty();
      }
      candidate = address.get();
      if (!matches(trustedProxies, candidate)) {
        return Optional.of(candidate);
      }
    }
    // Every hop is a trusted proxy: the left-most is the origin.
    return Optional.ofNullable(candidate);
  }

  private static List<String> xffEntries(List<String> headers) {
    List<String> entries = new ArrayList<>();
    for (String header : headers) {
      // -1 keeps empty entries ("10.9.9.9," or ",10.9.9.9"): they end the walk with no address
      for (String part : header.split(",", -1)) {
        entries.add(part.trim());
      }
    }
    return entries;
  }

  private static List<String> forwardedEntries(List<String> headers) {
    List<String> entries = new ArrayList<>();
    for (String header : headers) {
      for (String element : header.split(",", -1)) {
        String forValue = "";
        for (String pair : element.split(";")) {
          String p = pair.trim();
          if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
            forValue = p.substring(4).trim();
            if (forValue.startsWith("\"") && forValue.endsWith("\"") && forValue.length() >= 2) {
              forValue = forValue.substring(1, forValue.length() - 1);
            }
          }
        }
        entries.add(forValue);
      }
    }
    return entries;
  }

  /** {@code 1.2.3.4:80} -> {@code 1.2.3.4}; {@code [::1]:80} -> {@code [::1]}; IPv6 unchanged. */
  private static String stripPort(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      return close > 0 ? entry.substring(0, close + 1) : entry;
    }
    int colon = entry.indexOf(':');
    if (colon > 0 && colon == entry.lastIndexOf(':')) {
      return entry.substring(0, colon);
    }
    return entry;
  }

  private boolean hasCredential(HealthRequest request) {
    if (matchingToken(request) >= 0) {
      return true;
    }
    if (credentialCheck != null) {
      try {
        return credentialCheck.isAuthorised(request);
      } catch (RuntimeException e) {
        return false;
      }
    }
    return false;
  }

  private static boolean matches(List<AddressBlock> blocks, InetAddress address) {
    for (AddressBlock block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Builds an {@link AccessGate}; each entry is checked when it is added. */
  public static final class Builder {
    private final List<AddressBlock> allowlist = new ArrayList<>();
    private final List<AddressBlock> trustedProxies = new ArrayList<>();
    private final List<byte[]> tokenDigests = new ArrayList<>();
    private final List<String> tokenNames = new ArrayList<>();
    private CredentialCheck credentialCheck;

    private Builder() {}

    /**
     * Adds addresses or CIDR blocks whose callers see details.
     *
     * @throws IllegalArgumentException naming the first malformed entry
     */
    public Builder allow(String... entries) {
      for (String entry : entries) {
        allowlist.add(parse(entry));
      }
      return this;
    }

    /** Adds proxies whose forwarding headers are believed. */
    public Builder trustedProxies(String... entries) {
      for (String entry : entries) {
        trustedProxies.add(parse(entry));
      }
      return this;
    }

    /**
     * Adds bearer tokens. Only their SHA-256 digests are kept. An entry {@code name:token} names
     * its holder (a lower-case word), which {@link #identity} reports and an operations
     * allowlist can name; the name is never the secret.
     *
     * @throws IllegalArgumentException for a token shorter than 16 characters (without quoting it)
     */
    public Builder bearerTokens(String... tokens) {
      for (int i = 0; i < tokens.length; i++) {
        String token = tokens[i] == null ? "" : tokens[i].trim();
        String name = "";
        int colon = token.indexOf(':');
        if (colon >= 0) {
          name = token.substring(0, colon);
          token = token.substring(colon + 1);
          if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("token " + (i + 1) + " has a name that is not a"
                + " lower-case word (name:token, e.g. ops-alice:<token>)");
          }
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
          throw new IllegalArgumentException("token " + (i + 1) + " is " + token.length()
              + " characters long; use at least " + MIN_TOKEN_LENGTH + " random characters"
              + " (e.g. openssl rand -hex 24)");
        }
        if (!TOKEN68.matcher(token).matches()) {
          throw new IllegalArgumentException("token " + (i + 1) + " has a character a bearer"
              + " token cannot carry; use letters, digits and - . _ ~ + / (e.g. openssl rand"
              + " -hex 24)");
        }
        tokenDigests.add(sha256(token));
        tokenNames.add(name);
      }
      return this;
    }

    /** A host callback that can grant a credential, such as a servlet principal or role check. */
    public Builder credentialCheck(CredentialCheck check) {
      if (this.credentialCheck != null) {
        throw new IllegalStateException("credentialCheck was already set to " + credentialCheck);
      }
      this.credentialCheck = Objects.requireNonNull(check, "credentialCheck must not be null");
      return this;
    }

    public AccessGate build() {
      return new AccessGate(this);
    }

    private static AddressBlock parse(String entry) {
      try {
        return AddressBlock.parse(entry);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("entry " + e.getMessage(), e);
      }
    }
  }
}
