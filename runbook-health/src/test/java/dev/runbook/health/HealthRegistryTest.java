package dev.runbook.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthRegistryTest {

  private final MutableClock clock = MutableClock.at("2026-11-22T03:15:00Z");
  private final List<StatusChange> changes = new CopyOnWriteArrayList<>();
  private final BlockingQueue<StatusChange> changeQueue = new LinkedBlockingQueue<>();
  private final HealthRegistry registry = HealthRegistry.builder()
      .service("bibliotheca").version("1.0.0").clock(clock)
      .listener(changes::add).listener(changeQueue::add).build();

  @AfterEach
  void close() {
    registry.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Database", "-db", "db space", "db/1", "ß"})
  void shouldRejectInvalidNames(String name) {
    assertThatThrownBy(() -> registry.register(name, CheckResult::ok))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("check name \"" + name + "\" is not valid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "service", "version", "checked_at"})
  void shouldRejectReservedNames(String name) {
    assertThatThrownBy(() -> registry.register(name, CheckResult::ok))
        .hasMessageContaining("\"" + name + "\" is reserved");
  }

  @Test
  void shouldRejectDuplicatesAndAllowReRegistrationAfterUnregister() {
    registry.register("db", CheckResult::ok);

    assertThatThrownBy(() -> registry.register("db", CheckResult::ok))
        .hasMessageContaining("already registered");
    assertThat(registry.unregister("db")).isTrue();
    assertThat(registry.unregister("db")).isFalse();
    registry.register("db", () -> CheckResult.degraded("slow"));
    assertThat(registry.report("readiness").status()).isEqualTo(Status.DEGRADED);
  }

  @Test
  void shouldAggregateToTheWorstAndCapNonCriticalChecksAtDegraded() {
    registry.register("db", CheckResult::ok);
    registry.register("email", () -> CheckResult.down("smtp refused"),
        CheckOptions.builder().critical(false).build());

    HealthReport report = registry.report("readiness");

    assertThat(report.status()).isEqualTo(Status.DEGRADED);
    assertThat(report.checks()).extracting(CheckSnapshot::name).containsExactly("db", "email");
    assertThat(report.checks().get(1).status()).isEqualTo(Status.DOWN);

    registry.register("queue", () -> CheckResult.down("broker gone"));
    assertThat(registry.report("readiness").status()).isEqualTo(Status.DOWN);
  }

  @Test
  void shouldReportOnlyTheChecksOfTheGroupAndOkForAnEmptyStandardGroup() {
    registry.register("db", () -> CheckResult.down("refused"));
    registry.register("process", CheckResult::ok, CheckOptions.builder().groups("liveness").build());

    assertThat(registry.report("liveness").checks()).extracting(CheckSnapshot::name)
        .containsExactly("process");
    assertThat(registry.report("startup").status()).isEqualTo(Status.OK);
    assertThatThrownBy(() -> registry.report("nosuch"))
        .hasMessageContaining("no health group named \"nosuch\"");
  }

  @Test
  void shouldReportAThrownExceptionAsDownWithTheRedactedMessageAndType() {
    registry.register("db", () -> {
      throw new IOException("connect to postgres://app:hunter2@db/app failed");
    });

    CheckSnapshot db = registry.report("readiness").checks().get(0);

    assertThat(db.status()).isEqualTo(Status.DOWN);
    assertThat(db.error()).contains("connect to postgres://app:***@db/app failed");
    assertThat(db.details()).containsEntry("exception", "java.io.IOException");
  }

  @Test
  void shouldRedactErrorsAndStringDetailsOfResults() {
    registry.register("api", () -> CheckResult.degraded("401 for token=abcdef")
        .withDetail("url", "https://u:pw@api.example.com")
        .withDetail("nested", List.of("password=x")));

    CheckSnapshot api = registry.report("readiness").checks().get(0);

    assertThat(api.error()).contains("401 for token=***");
    assertThat(api.details()).containsEntry("url", "https://u:***@api.example.com")
        .containsEntry("nested", List.of("password=***"));
  }

  @Test
  void shouldReportANullResultAsDown() {
    registry.register("db", () -> null);

    assertThat(registry.report("readiness").checks().get(0).error())
        .contains("check returned no result (null)");
  }

  @Test
  void shouldStampResultsWithTheClockAndServeThemFromCacheWithinTheTtl() {
    AtomicInteger runs = new AtomicInteger();
    registry.register("db", () -> CheckResult.ok().withDetail("run", runs.incrementAndGet()),
        CheckOptions.builder().ttl(Duration.ofSeconds(10)).build());

    CheckSnapshot first = registry.report("readiness").checks().get(0);
    clock.advance(Duration.ofSeconds(9));
    CheckSnapshot cached = registry.report("readiness").checks().get(0);
    clock.advance(Duration.ofSeconds(1));
    CheckSnapshot fresh = registry.report("readiness").checks().get(0);

    assertThat(first.checkedAt()).isEqualTo(Instant.parse("2026-11-22T03:15:00Z"));
    assertThat(cached.details()).containsEntry("run", 1);
    assertThat(fresh.details()).containsEntry("run", 2);
    assertThat(fresh.checkedAt()).isEqualTo(Instant.parse("2026-11-22T03:15:10Z"));
  }

  @Test
  void shouldRunEachCheckOncePerTtlForAThousandConcurrentReaders() throws Exception {
    int readers = 1_000;
    CountDownLatch arrived = new CountDownLatch(readers);
    counted("db", () -> {
      arrived.await();
      return CheckResult.ok();
    }, CheckOptions.builder().ttl(Duration.ofMinutes(1)).timeout(Duration.ofSeconds(60)).build());
    counted("cache", CheckResult::ok,
        CheckOptions.builder().ttl(Duration.ofMinutes(1)).build());

    List<Status> statuses = readAll(readers, arrived);

    assertThat(statuses).hasSize(readers).containsOnly(Status.OK);
    assertThat(executions("db")).contains(1L);
    assertThat(executions("cache")).contains(1L);

    clock.advance(Duration.ofMinutes(1));
    CountDownLatch again = new CountDownLatch(0);
    assertThat(readAll(50, again)).containsOnly(Status.OK);
    assertThat(executions("db")).contains(2L);
  }

  private List<Status> readAll(int readers, CountDownLatch arrived) throws InterruptedException {
    List<Status> statuses = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      Thread t = new Thread(() -> {
        arrived.countDown();
        statuses.add(registry.report("readiness").status());
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    return statuses;
  }

  @Test
  void shouldAnswerWithinTheTimeoutAndCacheTheLateResult() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    counted("db", () -> {
      try {
        release.await();
        return CheckResult.ok().withDetail("late", true);
      } finally {
        finished.countDown();
      }
    }, CheckOptions.builder().timeout(Duration.ofMillis(200)).ttl(Duration.ofMinutes(1)).build());

    long start = System.nanoTime();
    CheckSnapshot hung = registry.report("readiness").checks().get(0);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(tookMillis).isLessThan(200 + 250);
    assertThat(hung.timedOut()).isTrue();
    assertThat(hung.status()).isEqualTo(Status.DOWN);
    assertThat(hung.error()).contains("did not answer within its timeout of 200ms");

    release.countDown();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    awaitChange(Status.OK); // fired only after the late result is cached
    CheckSnapshot late = registry.report("readiness").checks().get(0);
    assertThat(late.details()).containsEntry("late", true);
    assertThat(late.timedOut()).isFalse();
    assertThat(executions("db")).contains(1L);
  }

  @Test
  void shouldKeepThreadsBoundedUnderTenThousandRequestsAgainstAHungCheck() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    counted("hung", () -> {
      never.await();
      return CheckResult.ok();
    }, CheckOptions.builder().timeout(Duration.ofMillis(50)).build());
    registry.report("readiness"); // the first request waits out the timeout; the rest do not
    int before = Thread.activeCount();

    for (int i = 0; i < 10_000; i++) {
      CheckSnapshot snapshot = registry.report("readiness").checks().get(0);
      assertThat(snapshot.timedOut()).isTrue();
    }

    assertThat(executions("hung")).contains(1L);
    assertThat(Thread.activeCount()).isLessThanOrEqualTo(before + 1);
    never.countDown();
  }

  @Test
  void shouldReportTheInitialStatusOfABackgroundCheckUntilItsFirstRunCompletes()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    counted("index", () -> {
      release.await();
      return CheckResult.down("index missing").withDetail("documents", 0);
    }, CheckOptions.builder().background(Duration.ofHours(1)).timeout(Duration.ofMinutes(1))
        .initialStatus(Status.DEGRADED).build());

    CheckSnapshot before = registry.report("readiness").checks().get(0);
    assertThat(before.status()).isEqualTo(Status.DEGRADED);
    assertThat(before.error()).contains("not checked yet");

    release.countDown();
    awaitChange(Status.DOWN);
    CheckSnapshot after = registry.report("readiness").checks().get(0);
    assertThat(after.details()).containsEntry("documents", 0);
    assertThat(after.error()).contains("index missing");
    assertThat(executions("index")).contains(1L);
  }

  @Test
  void shouldReportABackgroundRunThatOverrunsItsTimeoutWithoutWaiting() throws Exception {
    CountDownLatch overran = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    registry.register("slow", () -> {
      // The run was submitted before this line, so once 5 ms have passed here it has overrun
      // its 1 ms timeout whatever the scheduling.
      long start = System.nanoTime();
      while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(5)) {
        Thread.onSpinWait();
      }
      overran.countDown();
      never.await();
      return CheckResult.ok();
    }, CheckOptions.builder().background(Duration.ofHours(1)).timeout(Duration.ofMillis(1))
        .build());
    assertThat(overran.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    CheckSnapshot snapshot = registry.report("readiness").checks().get(0);

    assertThat(snapshot.timedOut()).isTrue();
    assertThat(snapshot.status()).isEqualTo(Status.DOWN);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    never.countDown();
  }

  @Test
  void shouldTellListenersOncePerTransitionNotPerPoll() {
    AtomicReference<CheckResult> next = new AtomicReference<>(CheckResult.ok());
    registry.register("db", next::get, CheckOptions.builder().ttl(Duration.ZERO).build());

    registry.report("readiness");
    registry.report("readiness");
    next.set(CheckResult.down("refused"));
    registry.report("readiness");
    registry.report("readiness");
    registry.report("readiness");
    next.set(CheckResult.ok());
    registry.report("readiness");
    registry.report("readiness");

    assertThat(changes).extracting(Object::toString)
        .containsExactly("db: ok -> down (refused)", "db: down -> ok");
  }

  @Test
  void shouldReportAFirstFailureFromUnknown() {
    registry.register("db", () -> CheckResult.degraded("replica lag"));

    registry.report("readiness");

    assertThat(changes).extracting(Object::toString)
        .containsExactly("db: unknown -> degraded (replica lag)");
  }

  @Test
  void shouldKeepCallingOtherListenersWhenOneThrows() {
    List<StatusChange> seen = new CopyOnWriteArrayList<>();
    try (HealthRegistry r = HealthRegistry.builder()
        .listener(c -> {
          throw new IllegalStateException("broken listener");
        })
        .listener(seen::add).build()) {
      r.register("db", () -> CheckResult.down("x"));
      r.report("readiness");
    }
    assertThat(seen).hasSize(1);
  }

  @Test
  void shouldStopItsThreadsWhenClosedAndRefuseWorkAfterwards() throws Exception {
    String service = "closing-" + System.nanoTime();
    HealthRegistry r = HealthRegistry.builder().service(service).build();
    CountDownLatch ran = new CountDownLatch(2);
    r.register("bg", () -> {
      ran.countDown();
      return CheckResult.ok();
    }, CheckOptions.builder().background(Duration.ofMillis(10)).initialStatus(Status.OK).build());
    r.register("db", () -> {
      ran.countDown();
      return CheckResult.ok();
    });
    r.report("readiness");
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threadsOf(service)).isNotEmpty();

    r.close();

    assertThat(threadsOf(service)).isEmpty();
    assertThatThrownBy(() -> r.report("readiness")).hasMessageContaining("closed");
    assertThatThrownBy(() -> r.register("x", CheckResult::ok)).hasMessageContaining("closed");
  }

  private static List<Thread> threadsOf(String service) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("runbook-health-" + service + "-"))
        .toList();
  }

  private void awaitChange(Status to) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      StatusChange change =
          changeQueue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (change == null) {
        throw new AssertionError("no change to " + to + " within 10 s; saw " + changes);
      }
      if (change.to() == to) {
        return;
      }
    }
  }

  private final Map<String, AtomicLong> runs = new ConcurrentHashMap<>();

  /** Registers {@code check} so that {@link #executions} can tell how often it really ran. */
  private void counted(String name, HealthCheck check, CheckOptions options) {
    AtomicLong count = runs.computeIfAbsent(name, n -> new AtomicLong());
    registry.register(name, () -> {
      count.incrementAndGet();
      return check.check();
    }, options);
  }

  private Optional<Long> executions(String name) {
    return Optional.ofNullable(runs.get(name)).map(AtomicLong::get);
  }
}
