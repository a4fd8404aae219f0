/**
 * Micrometer integration, used only when micrometer-core is on the class path (it is an optional
 * dependency of runbook-health): {@link dev.runbook.health.micrometer.HealthMetrics} publishes
 * check statuses and durations, {@link dev.runbook.health.micrometer.MeterThresholdCheck} turns a
 * meter into a health check.
 */
package dev.runbook.health.micrometer;
