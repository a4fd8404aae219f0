package dev.runbook.jdbc.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.LeaseProvider;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.jobs.JobState;
import dev.runbook.jdbc.TestDatabases;
import dev.runbook.jdbc.postgres.PgDatabase;
import dev.runbook.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.ClockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two replicas on one PostgreSQL database, each a job monitor with a lease client of its own,
 * run the singleton job {@code backup-retention}: once a period, never twice at once, and the
 * survivor takes over once a dead holder's lease expires. Time is the test's clock (ShedLock's
 * {@code ClockProvider}, {@code appClock()}), moved by hand.
 */
class SingletonJobTest {

  static final Duration PERIOD = Duration.ofMinutes(1);
  static final JobPolicy SINGLETON = JobPolicy.builder()
      .singleton(Duration.ofMinutes(10), Duration.ofSeconds(50)).build();

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  PgDatabase admin;
  PgDatabase db;

  @BeforeEach
  void database() throws Exception {
    admin = TestDatabases.postgresAdmin();
    db = TestDatabases.createPostgres(admin, "runbook_leases");
    ClockProvider.setClock(clock);
  }

  @AfterEach
  void drop() throws Exception {
    ClockProvider.setClock(Clock.systemUTC());
    TestDatabases.dropPostgres(admin, db);
  }

  DataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    return ds;
  }

  JobMonitor node(String name) throws Exception {
    ShedLockLeases leases = ShedLockLeases.builder(dataSource()).node(name).appClock().build()
        .createTable();
    JobMonitor monitor = JobMonitor.builder().clock(clock).leases(leases).build();
    monitor.declare("backup-retention", SINGLETON);
    return monitor;
  }

  @Test
  void onceAPeriodAcrossTwoReplicasNeverTwiceAtOnceAndTakenOverAfterADeath() throws Exception {
    JobMonitor a = node("node-a");
    JobMonitor b = node("node-b");
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    Runnable retention = () -> {
      if (inside.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      runs.incrementAndGet();
      inside.decrementAndGet();
    };
    int periods = 20;
    for (int i = 0; i < periods; i++) {
      // both replicas fire every period, b 10 s after a; either may come first
      JobMonitor first = i % 3 == 0 ? b : a;
      JobMonitor second = first == a ? b : a;
      first.run("backup-retention", retention);
      clock.advance(Duration.ofSeconds(10));
      second.run("backup-retention", retention);
      clock.advance(PERIOD.minusSeconds(10));
    }
    assertThat(runs).as("exactly once a period").hasValue(periods);
    JobState skippedOnA = a.state("backup-retention").orElseThrow();
    JobState skippedOnB = b.state("backup-retention").orElseThrow();
    assertThat(skippedOnA.skipped() + skippedOnB.skipped()).isEqualTo(periods);
    assertThat(skippedOnA.failures() + skippedOnB.failures()).isZero();

    // a holds the lease in a run that does not end: b is skipped meanwhile, never runs beside it
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ExecutorService nodeA = Executors.newSingleThreadExecutor();
    Future<?> stuck = nodeA.submit(() -> a.run("backup-retention", () -> {
      inside.incrementAndGet();
      holding.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    @SuppressWarnings("unchecked")
    Map<String, Object> lease = (Map<String, Object>) ((Map<String, Object>) a.healthCheck()
        .check().details().get("jobs")).get("backup-retention");
    assertThat(lease.get("lease").toString()).contains("held_here=true", "last_node=node-a");
    int held = runs.get();
    for (int i = 0; i < 9; i++) {
      clock.advance(PERIOD);
      b.run("backup-retention", retention);
    }
    assertThat(runs).as("b never ran while a held the lease").hasValue(held);
    assertThat(overlaps).hasValue(0);
    assertThat(b.state("backup-retention").orElseThrow().lastError()).isNull();

    // node a dies holding it: its process and its run are gone, the lease is never released;
    // after the lease's ten minutes, b takes over
    inside.decrementAndGet();
    int before = runs.get();
    clock.advance(PERIOD.plusSeconds(5));
    b.run("backup-retention", retention);
    assertThat(runs).as("b takes over once a's lease expired").hasValue(before + 1);
    assertThat(overlaps).hasValue(0);

    never.countDown();
    stuck.get(30, TimeUnit.SECONDS);
    nodeA.shutdown();
    a.close();
    b.close();
  }

  @Test
  void theDatabasesOwnClockByDefaultAndASingletonWithoutLeasesIsRefused() throws Exception {
    ShedLockLeases one = ShedLockLeases.builder(dataSource()).node("one").build().createTable();
    ShedLockLeases two = ShedLockLeases.builder(dataSource()).node("two").build();
    LeaseProvider.Lease lease = one.acquire("drill", Duration.ofMinutes(5), Duration.ZERO)
        .orElseThrow();
    assertThat(two.acquire("drill", Duration.ofMinutes(5), Duration.ZERO)).isEmpty();
    assertThat(two.lastHolder("drill").orElseThrow().node()).isEqualTo("one");
    lease.release();
    assertThat(two.acquire("drill", Duration.ofMinutes(5), Duration.ZERO)).isPresent();

    assertThatThrownBy(() -> JobMonitor.builder().build().declare("x", SINGLETON))
        .hasMessageContaining("is a singleton but the monitor has no lease provider");
  }
}
