/**
 * The vocabulary every runbook module shares: {@link dev.runbook.core.Status}, {@link
 * dev.runbook.core.CheckResult}, {@link dev.runbook.core.HealthCheck}, {@link
 * dev.runbook.core.Thresholds}, {@link dev.runbook.core.Redactor} and {@link
 * dev.runbook.core.Settings}.
 */
module dev.runbook.core {
  requires com.fasterxml.jackson.databind;

  exports dev.runbook.core;
}
