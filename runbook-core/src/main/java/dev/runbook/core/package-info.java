/**
 * The vocabulary every runbook module shares: {@link dev.runbook.core.Status}, {@link
 * dev.runbook.core.CheckResult}, {@link dev.runbook.core.HealthCheck}, {@link
 * dev.runbook.core.Thresholds}, {@link dev.runbook.core.Redactor} and {@link
 * dev.runbook.core.Settings}.
 *
 * <p>This package depends on no other runbook module; health, backup and jdbc all build on it.
 */
package dev.runbook.core;
