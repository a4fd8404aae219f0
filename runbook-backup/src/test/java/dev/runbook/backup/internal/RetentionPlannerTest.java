package dev.runbook.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.report.RetentionDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Retention's rules as properties over random repositories (seeded, so a failure reproduces). */
class RetentionPlannerTest {

  static final Instant NOW = Instant.parse("2026-11-22T03:15:00Z");

  @RepeatedTest(300)
  void shouldKeepWhatThePolicyKeepsAndDeleteOnlyTheRest(RepetitionInfo run) {
    Random random = new Random(run.getCurrentRepetition());
    List<RetentionPlanner.Candidate> candidates = new ArrayList<>();
    int count = random.nextInt(40);
    for (int i = 0; i < count; i++) {
      Instant created = NOW.minus(Duration.ofHours(random.nextInt(24 * 90)));
      // drills that passed, that passed and then failed (ever passed), or never passed
      int drills = random.nextInt(4);
      boolean passed = drills == 0;
      boolean everPassed = passed || drills == 1;
      candidates.add(new RetentionPlanner.Candidate("b" + i, created, passed, everPassed,
          random.nextInt(10) == 0));
    }
    RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(random.nextInt(45)),
        1 + random.nextInt(10));

    List<RetentionDecision> plan = RetentionPlanner.plan(candidates, policy, NOW);

    assertThat(plan).hasSize(count);
    Map<String, RetentionDecision> byId = plan.stream()
        .collect(Collectors.toMap(RetentionDecision::backupId, Function.identity()));
    List<RetentionPlanner.Candidate> newestFirst = new ArrayList<>(candidates);
    newestFirst.sort(Comparator.comparing(RetentionPlanner.Candidate::createdAt)
        .thenComparing(RetentionPlanner.Candidate::id).reversed());
    // never deletes the newest backup that passed a drill
    newestFirst.stream().filter(RetentionPlanner.Candidate::passedDrill).findFirst()
        .ifPresent(c -> assertThat(byId.get(c.id()).keep()).isTrue());
    // never leaves the repository without a backup that passed a drill when one ever did
    if (candidates.stream().anyMatch(RetentionPlanner.Candidate::everPassedDrill)) {
      assertThat(candidates).anyMatch(c -> c.everPassedDrill() && byId.get(c.id()).keep());
    }
    if (candidates.stream().noneMatch(RetentionPlanner.Candidate::passedDrill)) {
      newestFirst.stream().filter(RetentionPlanner.Candidate::everPassedDrill).findFirst()
          .ifPresent(c -> assertThat(byId.get(c.id()).keep()).as(c.id()).isTrue());
    }
    // keeps the last N
    newestFirst.stream().limit(policy.keepLast())
        .forEach(c -> assertThat(byId.get(c.id()).keep()).as(c.id()).isTrue());
    for (RetentionPlanner.Candidate c : candidates) {
      RetentionDecision d = byId.get(c.id());
      if (c.beingRead()) {
        assertThat(d.keep()).as("being read: " + c.id()).isTrue();
      }
      if (c.createdAt().isAfter(NOW.minus(policy.keepWithin()))) {
        assertThat(d.keep()).as("young: " + c.id()).isTrue();
      }
      if (!d.keep()) {
        assertThat(c.createdAt()).isBeforeOrEqualTo(NOW.minus(policy.keepWithin()));
        assertThat(newestFirst.indexOf(c)).isGreaterThanOrEqualTo(policy.keepLast());
        assertThat(d.reason()).startsWith("older than");
      }
    }
    // something is always kept when there is anything at all
    if (count > 0) {
      assertThat(plan).anyMatch(RetentionDecision::keep);
    }
  }
}
