package dev.runbook.backup.internal;

import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.report.RetentionDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The retention rules as a pure function of the backups, the policy and the time. */
public final class RetentionPlanner {

  /**
   * What the planner needs to know of one backup: whether its latest drill passed, and whether
   * any drill of it ever passed.
   */
  public record Candidate(String id, Instant createdAt, boolean passedDrill,
      boolean everPassedDrill, boolean beingRead) {}

  private RetentionPlanner() {}

  /** One decision per candidate, newest first. */
  public static List<RetentionDecision> plan(List<Candidate> candidates, RetentionPolicy policy,
      Instant now) {
    List<Candidate> newestFirst = new ArrayList<>(candidates);
    newestFirst.sort(Comparator.comparing(Candidate::createdAt).thenComparing(Candidate::id)
        .reversed());
    // never leave the repository without a backup that passed a drill, if one ever did: the
    // newest whose latest drill passed, else the newest that passed one before failing one
    String newestPassing = newestFirst.stream().filter(Candidate::passedDrill)
        .map(Candidate::id).findFirst().orElse(null);
    String newestEverPassed = newestPassing != null ? null : newestFirst.stream()
        .filter(Candidate::everPassedDrill).map(Candidate::id).findFirst().orElse(null);
    Instant cutoff = now.minus(policy.keepWithin());
    List<RetentionDecision> decisions = new ArrayList<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      Candidate c = newestFirst.get(i);
      String keep = null;
      if (c.id().equals(newestPassing)) {
        keep = "newest backup that passed a drill";
      } else if (c.id().equals(newestEverPassed)) {
        keep = "newest backup that ever passed a drill (no backup's latest drill passed)";
      } else if (c.beingRead()) {
        keep = "being read";
      } else if (i < policy.keepLast()) {
        keep = "among the last " + policy.keepLast();
      } else if (c.createdAt().isAfter(cutoff)) {
        keep = "younger than " + days(policy.keepWithin());
      }
      decisions.add(keep != null
          ? new RetentionDecision(c.id(), c.createdAt(), true, keep)
          : new RetentionDecision(c.id(), c.createdAt(), false, "older than "
              + days(policy.keepWithin()) + " and not among the last " + policy.keepLast()));
    }
    return decisions;
  }

  private static String days(Duration d) {
    return d.toSeconds() % 86_400 == 0 ? d.toDays() + " days" : d.toString();
  }
}
