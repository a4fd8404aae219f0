package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  private final Redactor redactor = Redactor.defaults();

  /** Input, the secret that must vanish, and the exact expected output. */
  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("jdbc:postgresql://db:5432/app?user=app&password=s3cr3t&ssl=true", "s3cr3t",
            "jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true"),
        Arguments.of("jdbc:mysql://root:hunter2@127.0.0.1:3306/test", "hunter2",
            "jdbc:mysql://root:***@127.0.0.1:3306/test"),
        Arguments.of("jdbc:sqlserver://db;user=sa;password=Pa55word;encrypt=true", "Pa55word",
            "jdbc:sqlserver://db;user=sa;password=***;encrypt=true"),
        Arguments.of("jdbc:oracle:thin:scott/tiger@dbhost:1521:orcl", "tiger",
            "jdbc:oracle:thin:scott/***@dbhost:1521:orcl"),
        Arguments.of("postgres://app:p@ss:w0rd@db.internal/app", "p@ss:w0rd",
            "postgres://app:***@db.internal/app"),
        Arguments.of("GET https://alice:wonderland@api.example.com/v1 failed", "wonderland",
            "GET https://alice:***@api.example.com/v1 failed"),
        Arguments.of("login failed: password=correct-horse", "correct-horse",
            "login failed: password=***"),
        Arguments.of("PGPASSWORD=topsecret pg_dump app", "topsecret",
            "PGPASSWORD=*** pg_dump app"),
        Arguments.of("refresh with token=abc123def", "abc123def", "refresh with token=***"),
        Arguments.of("GET /search?q=dune&api_key=k3y-9f8e7d HTTP/1.1", "k3y-9f8e7d",
            "GET /search?q=dune&api_key=*** HTTP/1.1"),
        Arguments.of("X-Api-Key: 0123456789abcdef", "0123456789abcdef", "X-Api-Key: ***"),
        Arguments.of("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOiJIUzI1NiJ9",
            "Authorization: Bearer ***"),
        Arguments.of("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz",
            "Authorization: Basic ***"),
        Arguments.of("proxy-authorization=opaque-value-1", "opaque-value-1",
            "proxy-authorization=***"),
        Arguments.of("upstream said 401 for bearer abc.def.ghi", "abc.def.ghi",
            "upstream said 401 for bearer ***"),
        Arguments.of("{\"user\":\"bob\",\"password\":\"p\\\"w\",\"n\":1}", "p\\\"w",
            "{\"user\":\"bob\",\"password\":\"***\",\"n\":1}"),
        Arguments.of("{\"client_secret\": \"cs-998877\"}", "cs-998877",
            "{\"client_secret\": \"***\"}"),
        Arguments.of("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key=***"),
        Arguments.of("using key AKIAIOSFODNN7EXAMPLE for s3", "IOSFODNN7EXAMPLE",
            "using key AKIA*** for s3"),
        Arguments.of("HEALTH_TOKENS=tok-one,tok-two", "tok-two", "HEALTH_TOKENS=***"),
        Arguments.of("secret: \"two words\" here", "two words", "secret: \"***\" here"),
        Arguments.of("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl rejected",
            "eyJzdWIiOiIxIn0", "jwt *** rejected"),
        Arguments.of("gh token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdef",
            "gh token ***"),
        Arguments.of("slack xoxb-1234567890-abcdefghij failed", "xoxb-1234567890",
            "slack *** failed"),
        Arguments.of("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE"
                + " KEY-----", "MIIEpAIBAAKCAQEA",
            "-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----"),
        Arguments.of("X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027", "fe5f80f77d5fa3bec",
            "X-Amz-Signature=***"));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void shouldMaskEachSecretShape(String input, String secret, String expected) {
    String redacted = redactor.redact(input);

    assertThat(redacted).isEqualTo(expected).doesNotContain(secret);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "connection refused: db.internal:5432",
      "jdbc:postgresql://db:5432/app?user=app&ssl=true",
      "jdbc:sqlite:/var/lib/app/app.db",
      "https://api.themoviedb.org/3/search/movie?query=dune&page=2",
      "password reset email sent to member 42",
      "token bucket refilled at 12:00",
      "token_count=5 over limit",
      "password_hash_algorithm=bcrypt",
      "timed out after 2000 ms waiting for a pool connection",
      "secretary=Jane Doe",
      "HTTP 503 Service Unavailable from lastfm",
      "{\"user\":\"bob\",\"role\":\"admin\"}",
      "Retry-After: 120",
      "Authorization header missing",
      "AKIA is a prefix, not a key",
      "user@example.com wrote 3 rows",
      "ERROR: relation \"loans\" does not exist at character 15",
      "disk /var/lib/postgresql is 91% used",
      "circuit tmdb OPEN for PT59S",
      "ssh://backup@host:/srv/backups",
      "file:///srv/backups/20261122T031500Z/manifest.json",
      "keyboard=us layout"})
  void shouldLeaveHarmlessTextUnchanged(String harmless) {
    assertThat(redactor.redact(harmless)).isEqualTo(harmless);
  }

  @Test
  void shouldBoundLengthIncludingTheTruncationNote() {
    String huge = "x".repeat(5_000);

    String redacted = redactor.redact(huge);

    assertThat(redacted).hasSize(Redactor.DEFAULT_MAX_LENGTH)
        .endsWith("(truncated, 5000 chars in all)");
  }

  @Test
  void shouldRedactBeforeTruncatingSoACutSecretNeverLeaks() {
    Redactor small = Redactor.builder().maxLength(64).build();
    String input = "x".repeat(40) + " password=abcdefghijklmnopqrstuvwxyz";

    String redacted = small.redact(input);

    assertThat(redacted).hasSizeLessThanOrEqualTo(64).doesNotContain("abcdefghij");
  }

  @Test
  void shouldKeepShortTextAsIsAndNullAsNull() {
    assertThat(redactor.redact("ok")).isEqualTo("ok");
    assertThat(redactor.redact((String) null)).isNull();
  }

  @Test
  void shouldDescribeAThrowableByItsRedactedMessageOrItsType() {
    assertThat(redactor.redact(new IOException("auth failed for password=x1")))
        .isEqualTo("auth failed for password=***");
    assertThat(redactor.redact(new IllegalStateException()))
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void shouldAcceptExtraKeysAndPatterns() {
    Redactor custom = Redactor.builder()
        .secretKey("session")
        .pattern(Pattern.compile("card \\d{4}"))
        .build();

    assertThat(custom.redact("session=abc card 1234 ok")).isEqualTo("session=*** *** ok");
  }

  @Test
  void shouldRejectNonsenseOptionsNamingTheValue() {
    assertThatThrownBy(() -> Redactor.builder().maxLength(10))
        .hasMessageContaining("maxLength 10");
    assertThatThrownBy(() -> Redactor.builder().secretKey("bad key"))
        .hasMessageContaining("\"bad key\"");
  }

  @Test
  void shouldEscapeEveryControlCharacterSoNoInputForgesALogLine() {
    String forged = "x\n2026-12-02T03:00:00Z INFO health_reset target=jobs/all\r\u0000\t\u001b[31m\u2028";

    String escaped = redactor.redact(forged);

    assertThat(escaped).doesNotContain("\n", "\r", "\u0000", "\u001b", "\u2028")
        .isEqualTo("x\\n2026-12-02T03:00:00Z INFO health_reset target=jobs/all\\r\\u0000\\t"
            + "\\u001b[31m\\u2028");
    assertThat(redactor.redact(new IllegalStateException("a\nb"))).isEqualTo("a\\nb");
  }

  @Test
  void shouldMaskSchemelessUserInfoPathKeysConfiguredValuesAndCauses() {
    Redactor withTokens = Redactor.builder().secretValues(List.of("tok-0123456789abcdef")).build();
    Exception wrapped = new IllegalStateException("could not connect",
        new java.net.UnknownHostException("app:hunter2x@db.internal"));

    assertThat(redactor.redact("java.net.UnknownHostException: app:hunter2x@db.internal"))
        .isEqualTo("java.net.UnknownHostException: app:***@db.internal");
    assertThat(redactor.redact("POST https://hooks.example/services/T000/B000/X2bq9s7LpQe4Vn8Rt1Wz"))
        .isEqualTo("POST https://hooks.example/services/T000/B000/***");
    assertThat(redactor.redact("GET https://api.example/v1/books/search?q=dune"))
        .isEqualTo("GET https://api.example/v1/books/search?q=dune");
    assertThat(withTokens.redact("HEALTH_TOKENS [[\"tok-0123456789abcdef\"]]"))
        .isEqualTo("HEALTH_TOKENS [[\"***\"]]");
    assertThat(redactor.redact(wrapped))
        .isEqualTo("could not connect (caused by UnknownHostException: app:***@db.internal)");
    assertThatThrownBy(() -> Redactor.builder().secretValues(List.of("short")))
        .hasMessageContaining("at least 8");
  }
}
