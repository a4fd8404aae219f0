package dev.runbook.backup.cli;

import dev.runbook.backup.report.ArtifactDrill;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RetentionDecision;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.TableCount;

/** The human-readable forms of a drill report and a retention plan. */
final class DrillText {

  private DrillText() {}

  /** The four lines the runbook asks for, then each artifact with its row-count check. */
  static void print(DrillReport r, BackupCommandLine.Output o) {
    o.line("restore-verify %s: %s", r.backupId(), r.outcome().wireName().toUpperCase(
        java.util.Locale.ROOT));
    o.line("  checksum status:  %s", r.checksumStatus().wireName());
    o.line("  integrity status: %s", r.integrityStatus().wireName());
    o.line("  restore result:   %s", r.restoreResult().wireName());
    o.line("  row-count check:  %s", r.rowCountCheck().wireName());
    for (ArtifactDrill a : r.artifacts()) {
      o.line("  %s (%s, %s): checksum %s, restore %s, integrity %s, rows %s, %d ms", a.name(),
          a.kind(), a.file(), a.checksumStatus().wireName(), a.restoreResult().wireName(),
          a.integrityStatus().wireName(), a.rowCountCheck().wireName(), a.durationMs());
      if (!a.integrityChecks().isEmpty()) {
        o.line("    checks: %s", String.join(", ", a.integrityChecks()));
      }
      a.integrityProblems().forEach(p -> o.line("    integrity problem: %s", p));
      for (TableCount t : a.rowCounts()) {
        o.line("    %-32s expected %-10s actual %-10s %s", t.table(), t.expected(), t.actual(),
            t.matches() ? "ok" : "MISMATCH");
      }
      if (a.error() != null) {
        o.line("    error: %s", a.error());
      }
    }
    r.problems().forEach(p -> o.line("  bad file %s", p));
  }

  static void print(RetentionPlan plan, BackupCommandLine.Output o, String where) {
    String verb = plan.dryRun() ? "would delete" : "deleted";
    for (RetentionDecision d : plan.decisions()) {
      o.line("  %-12s %s%s  (%s)", d.keep() ? "keep" : verb, where, d.backupId(), d.reason());
    }
    for (String leftover : plan.leftovers()) {
      o.line("  %-12s %s%s  (left by a crashed run)", plan.dryRun() ? "would remove" : "removed",
          where, leftover);
    }
    o.line("%sprune%s: %d kept, %d %s", where, plan.dryRun() ? " --dry-run" : "",
        plan.kept().size(), plan.deletions().size(), verb);
  }
}
