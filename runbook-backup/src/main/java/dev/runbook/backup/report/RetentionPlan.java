package dev.runbook.backup.report;

import dev.runbook.backup.RetentionPolicy;
import java.time.Instant;
import java.util.List;

/**
 * What a prune decided, or, for a dry run, would decide.
 *
 * @param plannedAt when the plan was made
 * @param dryRun whether nothing was deleted
 * @param policy the policy applied
 * @param decisions one per backup, newest first
 * @param leftovers staging, scratch and upload folders left by crashes, removed unless dry run
 */
public record RetentionPlan(
    Instant plannedAt,
    boolean dryRun,
    RetentionPolicy policy,
    List<RetentionDecision> decisions,
    List<String> leftovers) {

  public RetentionPlan {
    decisions = List.copyOf(decisions);
    leftovers = List.copyOf(leftovers);
  }

  /** The backups deleted, or to delete in a dry run. */
  public List<String> deletions() {
    return decisions.stream().filter(d -> !d.keep()).map(RetentionDecision::backupId).toList();
  }

  /** The backups kept. */
  public List<String> kept() {
    return decisions.stream().filter(RetentionDecision::keep).map(RetentionDecision::backupId)
        .toList();
  }
}
