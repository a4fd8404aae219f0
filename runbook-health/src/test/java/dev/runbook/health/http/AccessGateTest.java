package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.health.http.AccessGate.Access;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessGateTest {

  static final String TOKEN = "tok-0123456789abcdef";

  private final AccessGate gate = AccessGate.builder()
      .allow("10.1.0.0/16", "192.168.7.7", "2001:db8::/32", "::1")
      .trustedProxies("127.0.0.1", "10.9.9.0/24")
      .bearerTokens(TOKEN)
      .build();

  static HealthRequest from(String peer, String... headers) {
    HealthRequest.Builder b = HealthRequest.builder("GET", "/health").remoteAddress(ip(peer));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> matrix() {
    return Stream.of(
        // direct peers
        Arguments.of("allowlisted IPv4 in CIDR", from("10.1.255.255"), Access.ADDRESS),
        Arguments.of("first address of block", from("10.1.0.0"), Access.ADDRESS),
        Arguments.of("just outside the block", from("10.2.0.0"), Access.NONE),
        Arguments.of("just below the block", from("10.0.255.255"), Access.NONE),
        Arguments.of("single allowlisted address", from("192.168.7.7"), Access.ADDRESS),
        Arguments.of("neighbour of single address", from("192.168.7.8"), Access.NONE),
        Arguments.of("IPv6 in block", from("2001:db8:ffff::1"), Access.ADDRESS),
        Arguments.of("IPv6 outside block", from("2001:db9::1"), Access.NONE),
        Arguments.of("IPv6 loopback", from("::1"), Access.ADDRESS),
        Arguments.of("IPv4-mapped IPv6 of allowlisted", from("::ffff:10.1.2.3"), Access.ADDRESS),
        Arguments.of("stranger", from("203.0.113.9"), Access.NONE),
        // credentials
        Arguments.of("valid token from stranger",
            from("203.0.113.9", "Authorization", "Bearer " + TOKEN), Access.CREDENTIAL),
        Arguments.of("valid token, lower-case scheme",
            from("203.0.113.9", "Authorization", "bearer " + TOKEN), Access.CREDENTIAL),
        Arguments.of("invalid token", from("203.0.113.9", "Authorization", "Bearer nope-nope-nope"),
            Access.NONE),
        Arguments.of("token as prefix only",
            from("203.0.113.9", "Authorization", "Bearer " + TOKEN.substring(0, 10)), Access.NONE),
        Arguments.of("basic auth is not a token",
            from("203.0.113.9", "Authorization", "Basic " + TOKEN), Access.NONE),
        Arguments.of("allowlisted address with invalid token",
            from("10.1.0.1", "Authorization", "Bearer wrong-wrong-wrong"), Access.ADDRESS),
        Arguments.of("allowlisted address with valid token",
            from("10.1.0.1", "Authorization", "Bearer " + TOKEN), Access.CREDENTIAL),
        // trusted proxies
        Arguments.of("trusted proxy forwards allowlisted client",
            from("127.0.0.1", "X-Forwarded-For", "10.1.2.3"), Access.ADDRESS),
        Arguments.of("trusted proxy forwards stranger",
            from("127.0.0.1", "X-Forwarded-For", "203.0.113.9"), Access.NONE),
        Arguments.of("two trusted hops, client right-most untrusted",
            from("127.0.0.1", "X-Forwarded-For", "10.1.2.3, 10.9.9.5"), Access.ADDRESS),
        Arguments.of("spoofed left entry ignored: right-most untrusted is the stranger",
            from("127.0.0.1", "X-Forwarded-For", "10.1.2.3, 203.0.113.9"), Access.NONE),
        Arguments.of("spoofed chain across two headers",
            from("127.0.0.1", "X-Forwarded-For", "10.1.2.3", "X-Forwarded-For", "203.0.113.9"),
            Access.NONE),
        Arguments.of("entry with port",
            from("127.0.0.1", "X-Forwarded-For", "10.1.2.3:51234"), Access.ADDRESS),
        Arguments.of("unknown entry ends the walk",
            from("127.0.0.1", "X-Forwarded-For", "unknown"), Access.NONE),
        Arguments.of("hostname is never resolved",
            from("127.0.0.1", "X-Forwarded-For", "localhost"), Access.NONE),
        Arguments.of("Forwarded header, quoted IPv6 with port",
            from("127.0.0.1", "Forwarded", "for=\"[2001:db8::7]:4711\";proto=https"),
            Access.ADDRESS),
        Arguments.of("Forwarded header, obfuscated node",
            from("127.0.0.1", "Forwarded", "for=_hidden"), Access.NONE),
        Arguments.of("both headers agree",
            from("127.0.0.1", "X-Forwarded-For", "10.1.2.3", "Forwarded", "for=10.1.2.3"),
            Access.ADDRESS),
        Arguments.of("both headers disagree",
            from("127.0.0.1", "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=10.1.2.3"),
            Access.NONE),
        // untrusted peers with forwarding headers
        Arguments.of("untrusted peer claims allowlisted client",
            from("203.0.113.9", "X-Forwarded-For", "10.1.2.3"), Access.NONE),
        Arguments.of("allowlisted peer that forwards is not trusted as a proxy",
            from("10.1.0.1", "X-Forwarded-For", "203.0.113.9"), Access.NONE),
        Arguments.of("allowlisted peer with Forwarded header",
            from("10.1.0.1", "Forwarded", "for=10.1.0.1"), Access.NONE),
        // non-canonical forms earn nothing (octal to some parsers, decimal to others)
        Arguments.of("leading zeros in every part",
            from("10.9.9.1", "X-Forwarded-For", "010.001.002.003"), Access.NONE),
        Arguments.of("leading zero in the last part",
            from("10.9.9.1", "X-Forwarded-For", "10.1.2.03"), Access.NONE),
        Arguments.of("empty last entry after an allowlisted client",
            from("10.9.9.1", "X-Forwarded-For", "10.1.2.3,"), Access.NONE),
        Arguments.of("empty first entry",
            from("10.9.9.1", "X-Forwarded-For", ",10.1.2.3"), Access.NONE),
        Arguments.of("empty Forwarded element",
            from("10.9.9.1", "Forwarded", "for=10.1.2.3,"), Access.NONE),
        Arguments.of("IPv4 tail of a mapped address with a leading zero",
            from("10.9.9.1", "X-Forwarded-For", "::ffff:10.1.2.03"), Access.NONE),
        Arguments.of("three-part IPv4", from("10.9.9.1", "X-Forwarded-For", "10.1.515"),
            Access.NONE),
        // strict Authorization: Bearer <token>
        Arguments.of("tab instead of the space",
            from("203.0.113.9", "Authorization", "Bearer\t" + TOKEN), Access.NONE),
        Arguments.of("two spaces", from("203.0.113.9", "Authorization", "Bearer  " + TOKEN),
            Access.NONE),
        Arguments.of("NUL after the token",
            from("203.0.113.9", "Authorization", "Bearer " + TOKEN + "\0"), Access.NONE),
        Arguments.of("trailing space after the token",
            from("203.0.113.9", "Authorization", "Bearer " + TOKEN + " "), Access.NONE),
        Arguments.of("scheme glued to the token",
            from("203.0.113.9", "Authorization", "Bearer" + TOKEN), Access.NONE),
        Arguments.of("untrusted forwarding still honours a valid token",
            from("203.0.113.9", "X-Forwarded-For", "10.1.2.3", "Authorization", "Bearer " + TOKEN),
            Access.CREDENTIAL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void shouldGrantExactlyWhatTheRequestEarns(String name, HealthRequest request, Access expected) {
    assertThat(gate.access(request)).isEqualTo(expected);
  }

  @Test
  void shouldShowNothingWhenNothingIsConfigured() {
    AccessGate none = AccessGate.denyAll();

    assertThat(none.access(from("127.0.0.1"))).isEqualTo(Access.NONE);
    assertThat(none.access(from("::1", "Authorization", "Bearer " + TOKEN)))
        .isEqualTo(Access.NONE);
    assertThat(AccessGate.fromSettings(Settings.of(Map.of())).access(from("127.0.0.1")))
        .isEqualTo(Access.NONE);
  }

  @Test
  void shouldLetOnlyCredentialsChangeState() {
    assertThat(gate.access(from("10.1.0.1")).mayReadDetails()).isTrue();
    assertThat(gate.access(from("10.1.0.1")).mayChangeState()).isFalse();
    assertThat(gate.access(from("1.1.1.1", "Authorization", "Bearer " + TOKEN)).mayChangeState())
        .isTrue();
  }

  @Test
  void shouldConsultTheHostCallbackAndTreatItsFailureAsNo() {
    AccessGate withCallback = AccessGate.builder()
        .credentialCheck(r -> r.header("X-User").map("ops"::equals).orElse(false)).build();
    AccessGate failing = AccessGate.builder().credentialCheck(r -> {
      throw new IllegalStateException("session store down");
    }).build();

    assertThat(withCallback.access(from("1.1.1.1", "X-User", "ops"))).isEqualTo(Access.CREDENTIAL);
    assertThat(withCallback.access(from("1.1.1.1", "X-User", "guest"))).isEqualTo(Access.NONE);
    assertThat(failing.access(from("1.1.1.1"))).isEqualTo(Access.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.300/8", "10.0.0.0/33", "10.0.0.1/8", "localhost", "10.1",
      "2001:db8::/129", "fe80::1/x", "", "10.0.0.0/-1", "1.2.3.4.5", "010.0.0.1", "10.0.0.01",
      "10.0.0.0/08", "::ffff:010.0.0.1", "0x0a.0.0.1"})
  void shouldRejectMalformedAllowlistEntriesNamingThem(String entry) {
    assertThatThrownBy(() -> AccessGate.fromSettings(
        Settings.of(Map.of("HEALTH_ALLOWLIST", "[\"::1\", \"" + entry + "\"]"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("HEALTH_ALLOWLIST")
        .hasMessageContaining(entry.isEmpty() ? "entry 2" : "\"" + entry + "\"");
  }

  @Test
  void shouldWordTheErrorAsTheRunbookExpects() {
    assertThatThrownBy(() -> AccessGate.fromSettings(
        Settings.of(Map.of("HEALTH_ALLOWLIST", "10.0.0.300/8"))))
        .hasMessage("HEALTH_ALLOWLIST entry \"10.0.0.300/8\" is not an IP address or CIDR block");
    assertThatThrownBy(() -> AccessGate.builder().allow("10.0.0.1/8"))
        .hasMessageContaining("did you mean 10.0.0.0/8?");
  }

  @Test
  void shouldReadAllThreeSettingsAndNeverQuoteAShortToken() {
    AccessGate fromEnv = AccessGate.fromSettings(Settings.of(Map.of(
        "HEALTH_ALLOWLIST", "10.0.0.0/8",
        "HEALTH_TRUSTED_PROXIES", "[\"127.0.0.1\"]",
        "HEALTH_TOKENS", TOKEN)));

    assertThat(fromEnv.access(from("127.0.0.1", "X-Forwarded-For", "10.3.3.3")))
        .isEqualTo(Access.ADDRESS);
    assertThat(fromEnv.access(from("8.8.8.8", "Authorization", "Bearer " + TOKEN)))
        .isEqualTo(Access.CREDENTIAL);
    assertThatThrownBy(() -> AccessGate.fromSettings(
        Settings.of(Map.of("HEALTH_TOKENS", "short-one"))))
        .hasMessageContaining("HEALTH_TOKENS token 1 is 9 characters long")
        .hasMessageNotContaining("short-one");
  }

  @Test
  void shouldRefuseNonCanonicalTrustedProxiesAndTokensWithCharactersNoHeaderCarries() {
    assertThatThrownBy(() -> AccessGate.fromSettings(
        Settings.of(Map.of("HEALTH_TRUSTED_PROXIES", "127.000.0.1"))))
        .hasMessageContaining("HEALTH_TRUSTED_PROXIES entry \"127.000.0.1\"");
    assertThatThrownBy(() -> AccessGate.fromSettings(
        Settings.of(Map.of("HEALTH_TOKENS", "[\"tok 0123456789abcdef\"]"))))
        .hasMessageContaining("HEALTH_TOKENS token 1 has a character")
        .hasMessageNotContaining("0123456789abcdef");
  }

  @Test
  void shouldNameTheForwardedClientAndTheProxyForLogLines() {
    AccessGate.Caller viaProxy = gate.caller(from("10.9.9.1", "X-Forwarded-For", "203.0.113.9"));
    AccessGate.Caller direct = gate.caller(from("203.0.113.7"));

    assertThat(viaProxy).isEqualTo(new AccessGate.Caller("203.0.113.9", "10.9.9.1"));
    assertThat(direct).isEqualTo(new AccessGate.Caller("203.0.113.7", null));
  }
}
