package dev.runbook.health.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class IngestionSourcesTest {

  static final Instant START = Instant.parse("2026-11-22T03:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final IngestionSources sources = IngestionSources.builder().clock(clock).build();
  /** Opens when 2 of the last 4 calls failed; 60 s cooldown; 2 trial calls. */
  private final SourcePolicy policy = SourcePolicy.builder().window(4).minimumCalls(4)
      .failureRate(50).cooldown(Duration.ofSeconds(60)).halfOpenCalls(2).build();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(IngestionSources.class);

  IngestionSourcesTest() {
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(events);
  }

  static void ok(IngestionSource source, String operation) throws Exception {
    assertThat(source.call(operation, () -> "ok")).isEqualTo("ok");
  }

  static void fail(IngestionSource source, String operation, int status, String retryAfter) {
    assertThatThrownBy(() -> source.call(operation, () -> {
      SourceException.checkStatus(status, retryAfter);
      return "unreachable";
    })).isInstanceOf(SourceException.class);
  }

  private void openByFailureRate(IngestionSource source) throws Exception {
    ok(source, "search");
    ok(source, "search");
    fail(source, "search", 503, null);
    assertThat(source.state()).isEqualTo(CircuitState.CLOSED);
    fail(source, "search", 503, null);
    assertThat(source.state()).isEqualTo(CircuitState.OPEN);
  }

  private SourceUnavailableException rejected(IngestionSource source) {
    AtomicInteger called = new AtomicInteger();
    SourceUnavailableException e = (SourceUnavailableException) org.assertj.core.api.Assertions
        .catchThrowable(() -> source.call("search", called::incrementAndGet));
    assertThat(e).as("an open circuit answers at once").isNotNull();
    assertThat(called).as("the source is not called").hasValue(0);
    return e;
  }

  private List<String> eventNames() {
    return events.list.stream().map(ILoggingEvent::getMessage).toList();
  }

  @Test
  void shouldOpenOnTheFailureRateAndRefuseCallsAtOnce() throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);

    openByFailureRate(tmdb);
    SourceUnavailableException e = rejected(tmdb);

    assertThat(e.source()).isEqualTo("tmdb");
    assertThat(e.state()).isEqualTo(CircuitState.OPEN);
    assertThat(e.cooldownRemaining()).isEqualTo(Duration.ofSeconds(60));
    assertThat(e.retryAfterSeconds()).isEqualTo(60);
    assertThat(e).hasMessage("source \"tmdb\" circuit is open; retry in 60 s");
    assertThat(tmdb.snapshot().notPermittedCalls()).isEqualTo(1);
    assertThat(tmdb.snapshot().failureRate()).isEqualTo(50.0f);
  }

  @Test
  void shouldCountTheCooldownDownExactlyOnTheClock() throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);
    openByFailureRate(tmdb);

    clock.advance(Duration.ofMillis(18_500));
    assertThat(tmdb.cooldownRemaining()).isEqualTo(Duration.ofMillis(41_500));
    assertThat(rejected(tmdb).retryAfterSeconds()).isEqualTo(42);
    assertThat(tmdb.snapshot().details()).containsEntry("cooldown_remaining_s", 42L);

    clock.advance(Duration.ofMillis(41_499));
    assertThat(rejected(tmdb).cooldownRemaining()).isEqualTo(Duration.ofMillis(1));

    clock.advance(Duration.ofMillis(1));
    assertThat(tmdb.cooldownRemaining()).isZero();
    ok(tmdb, "search");
    assertThat(tmdb.state()).as("a trial call went through").isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void shouldCloseAfterSuccessfulTrialCallsAndDropTheSourcesIssues() throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);
    openByFailureRate(tmdb);
    clock.advance(Duration.ofSeconds(60));

    ok(tmdb, "details");
    ok(tmdb, "details");

    assertThat(tmdb.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(sources.issues()).as("the source recovered").isEmpty();
    assertThat(eventNames()).containsExactly("ingestion_failure", "ingestion_failure",
        "ingestion_circuit_open", "ingestion_circuit_half_open", "ingestion_circuit_closed");
  }

  @Test
  void shouldReopenWithAFreshExactCooldownWhenATrialCallFails() throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);
    openByFailureRate(tmdb);
    clock.advance(Duration.ofSeconds(61));

    ok(tmdb, "search");
    clock.advance(Duration.ofSeconds(2));
    fail(tmdb, "search", 502, null);

    assertThat(tmdb.state()).isEqualTo(CircuitState.OPEN);
    assertThat(tmdb.cooldownRemaining()).isEqualTo(Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(59));
    assertThat(rejected(tmdb).cooldownRemaining()).isEqualTo(Duration.ofSeconds(1));
    assertThat(eventNames()).containsExactly("ingestion_failure", "ingestion_failure",
        "ingestion_circuit_open", "ingestion_circuit_half_open", "ingestion_failure",
        "ingestion_circuit_open");
  }

  @Test
  void shouldOpenForTheTimeARetryAfterAsks() throws Exception {
    IngestionSource lastfm = sources.register("lastfm", policy);

    fail(lastfm, "scrobbles", 429, "120");

    assertThat(lastfm.state()).as("one 429 is enough").isEqualTo(CircuitState.OPEN);
    assertThat(lastfm.cooldownRemaining()).isEqualTo(Duration.ofSeconds(120));
    clock.advance(Duration.ofSeconds(119));
    assertThat(rejected(lastfm).cooldownRemaining()).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    ok(lastfm, "scrobbles");
    assertThat(events.list.stream().filter(e -> e.getMessage().equals("ingestion_circuit_open"))
        .toList()).singleElement().satisfies(e -> {
          assertThat(e.getKeyValuePairs()).anySatisfy(kv -> {
            assertThat(kv.key).isEqualTo("cooldown_remaining_s");
            assertThat(kv.value).isEqualTo(120L);
          });
          assertThat(e.getKeyValuePairs().toString()).contains("reason=\"rate_limited\"");
        });
  }

  @Test
  void shouldHonourAnHttpDateRetryAfterOn503AndCapItsLength() throws Exception {
    IngestionSource igdb = sources.register("igdb", policy);
    IngestionSource books = sources.register("googlebooks", policy.toBuilder()
        .maxRetryAfter(Duration.ofMinutes(10)).build());
    String inFiveMinutes = DateTimeFormatter.RFC_1123_DATE_TIME
        .format(START.plusSeconds(300).atOffset(ZoneOffset.UTC));

    fail(igdb, "games", 503, inFiveMinutes);
    fail(books, "volumes", 429, "86400");

    assertThat(igdb.cooldownRemaining()).isEqualTo(Duration.ofSeconds(300));
    assertThat(books.cooldownRemaining()).as("capped by maxRetryAfter")
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldOpenForTheCooldownOnA429WithoutRetryAfterAndIgnoreUnreadableOnes()
      throws Exception {
    IngestionSource lastfm = sources.register("lastfm", policy);
    IngestionSource igdb = sources.register("igdb", policy);

    fail(lastfm, "scrobbles", 429, null);
    fail(igdb, "games", 503, "soon");

    assertThat(lastfm.cooldownRemaining()).isEqualTo(Duration.ofSeconds(60));
    assertThat(igdb.state()).as("one 503 without a usable Retry-After is one failure")
        .isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void shouldExtendButNeverShortenAnOpenCircuitOnALateRetryAfter() {
    IngestionSource lastfm = sources.register("lastfm", policy);
    IngestionSource igdb = sources.register("igdb", policy);

    // Each outer call was let through before the inner call opened the circuit, and ends after.
    fail(lastfm, "outer", 429, () -> {
      fail(lastfm, "inner", 429, "300");
      clock.advance(Duration.ofSeconds(10));
    }, "60");
    fail(igdb, "outer", 503, () -> fail(igdb, "inner", 429, "30"), "600");

    assertThat(lastfm.cooldownRemaining()).as("not shortened").isEqualTo(Duration.ofSeconds(290));
    assertThat(igdb.cooldownRemaining()).as("extended").isEqualTo(Duration.ofSeconds(600));
    assertThat(eventNames().stream().filter("ingestion_circuit_open"::equals))
        .as("one opening each").hasSize(2);
  }

  private static void fail(IngestionSource source, String operation, int status,
      Runnable during, String retryAfter) {
    assertThatThrownBy(() -> source.call(operation, () -> {
      during.run();
      SourceException.checkStatus(status, retryAfter);
      return "unreachable";
    })).isInstanceOf(SourceException.class);
  }

  @Test
  void shouldNotCountClientErrorsAgainstTheCircuit() throws Exception {
    IngestionSource books = sources.register("googlebooks", policy);

    for (int i = 0; i < 6; i++) {
      fail(books, "volume", 404, null);
    }

    assertThat(books.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(books.snapshot().bufferedCalls()).isZero();
    assertThat(sources.issues()).singleElement()
        .satisfies(i -> assertThat(i.reason()).isEqualTo(FailureReason.CLIENT_ERROR));
  }

  @Test
  void shouldKeepTheLatestFailurePerOperationNewestFirstAndBounded() throws Exception {
    IngestionSources bounded = IngestionSources.builder().clock(clock).maxIssues(3).build();
    SourcePolicy lenient = SourcePolicy.builder().minimumCalls(10).window(10).build();
    IngestionSource tmdb = bounded.register("tmdb", lenient);
    IngestionSource igdb = bounded.register("igdb", lenient);

    fail(tmdb, "search", 500, null);
    clock.advance(Duration.ofSeconds(1));
    fail(igdb, "games", 502, null);
    clock.advance(Duration.ofSeconds(1));
    fail(tmdb, "details", 504, null);
    clock.advance(Duration.ofSeconds(1));
    fail(tmdb, "search", 401, null);
    assertThat(bounded.issues()).extracting(i -> i.source() + "/" + i.operation() + "/"
        + i.reason().wireName())
        .containsExactly("tmdb/search/auth", "tmdb/details/http_5xx", "igdb/games/http_5xx");

    clock.advance(Duration.ofSeconds(1));
    fail(igdb, "covers", 503, null);
    assertThat(bounded.issues()).extracting(i -> i.source() + "/" + i.operation())
        .as("the oldest goes past the bound")
        .containsExactly("igdb/covers", "tmdb/search", "tmdb/details");

    ok(tmdb, "details");
    assertThat(bounded.issues()).extracting(i -> i.source() + "/" + i.operation())
        .as("a success drops that operation's issue")
        .containsExactly("igdb/covers", "tmdb/search");

    bounded.reset("tmdb");
    assertThat(bounded.issues()).extracting(SourceIssue::source).containsExactly("igdb");
  }

  @Test
  void shouldResetACircuitWithoutARestart() throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);
    openByFailureRate(tmdb);

    sources.reset("tmdb");

    assertThat(tmdb.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(tmdb.cooldownRemaining()).isZero();
    ok(tmdb, "search");
    assertThatThrownBy(() -> sources.reset("nosuch"))
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessage("no source named \"nosuch\"; known sources: [tmdb]");
    assertThat(eventNames()).contains("ingestion_circuit_reset");
  }

  @Test
  void shouldBeDegradedWhileACircuitIsNotClosedAndDownForAnOpenCriticalSource()
      throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);
    IngestionSource igdb = sources.register("igdb", policy.toBuilder().critical(true).build());
    assertThat(sources.healthCheck().check().status()).isEqualTo(Status.OK);

    openByFailureRate(tmdb);
    CheckResult degraded = sources.healthCheck().check();
    fail(igdb, "games", 429, "30");
    CheckResult down = sources.healthCheck().check();
    clock.advance(Duration.ofSeconds(30));
    CheckResult criticalHalfOpen = sources.healthCheck().check();

    assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
    assertThat(degraded.error()).contains("circuits not closed: tmdb open");
    assertThat(down.status()).isEqualTo(Status.DOWN);
    assertThat(criticalHalfOpen.status()).isEqualTo(Status.DEGRADED);
  }

  @Test
  void shouldRejectBadNamesPoliciesAndDuplicates() {
    sources.register("tmdb");

    assertThatThrownBy(() -> sources.register("tmdb"))
        .hasMessage("source \"tmdb\" is already registered");
    assertThatThrownBy(() -> sources.register("TMDB API"))
        .hasMessageStartingWith("source name \"TMDB API\" is not valid");
    assertThatThrownBy(() -> SourcePolicy.builder().failureRate(0))
        .hasMessageContaining("failureRate 0.0 is out of range");
    assertThatThrownBy(() -> SourcePolicy.builder().window(5).minimumCalls(10).build())
        .hasMessageContaining("minimumCalls 10 is more than the window of 5 calls");
    assertThatThrownBy(() -> sources.source("tmdb").call(" ", () -> 1))
        .hasMessageContaining("operation must name what the call does");
  }

  @Test
  void shouldLetACustomClassifierDecideAndFallBackToTheStandardOne() throws Exception {
    IngestionSources custom = IngestionSources.builder().clock(clock)
        .classifier(e -> e instanceof IllegalStateException ? FailureReason.PARSE : null)
        .build();
    IngestionSource tmdb = custom.register("tmdb", policy);

    assertThatThrownBy(() -> tmdb.call("search", () -> {
      throw new IllegalStateException("no results field");
    }));
    fail(tmdb, "details", 503, null);

    assertThat(custom.issues()).extracting(SourceIssue::reason)
        .containsExactly(FailureReason.HTTP_5XX, FailureReason.PARSE);
  }

  @Test
  void shouldShowTheIngestionSectionInTheSourceRunbooksWords() throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);
    openByFailureRate(tmdb);

    Map<String, Object> details = sources.healthCheck().check().details();

    assertThat(details).containsOnlyKeys("sources", "issues");
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) details
        .get("sources")).get("tmdb");
    assertThat(source).containsOnlyKeys("state", "cooldown_remaining_s", "failure_rate",
        "buffered_calls", "not_permitted_calls", "last_error", "last_failure_at",
        "last_success_at");
  }

  @Test
  void shouldLetTheHostNameTheSectionForCircuitsThatAreNotIngestion() {
    IngestionSources outbound = IngestionSources.builder().section("outbound").build();

    assertThat(sources.section()).isEqualTo("ingestion");
    assertThat(outbound.section()).isEqualTo("outbound");
    assertThatThrownBy(() -> IngestionSources.builder().section("Out Bound"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("section name \"Out Bound\" is not valid");
  }

  @Test
  void shouldSkipAJobRunWhileTheCircuitIsOpenAndLetItRunWhenClosed() throws Exception {
    IngestionSource tmdb = sources.register("tmdb", policy);
    tmdb.skipWhileOpen(); // closed: nothing happens

    fail(tmdb, "search", 429, "90");

    assertThatThrownBy(tmdb::skipWhileOpen).isInstanceOf(dev.runbook.health.jobs.JobSkipped.class)
        .hasMessage("tmdb's circuit is open for 90 s more");
    try (dev.runbook.health.jobs.JobMonitor jobs = dev.runbook.health.jobs.JobMonitor.builder()
        .clock(clock).build()) {
      jobs.run("ingest-tmdb", tmdb::skipWhileOpen);
      assertThat(jobs.state("ingest-tmdb").orElseThrow().skipped()).isEqualTo(1);
      assertThat(jobs.state("ingest-tmdb").orElseThrow().failures()).isZero();
    }
  }
}
