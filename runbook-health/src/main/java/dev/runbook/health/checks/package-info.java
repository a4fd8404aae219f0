/**
 * Built-in checks: disk space, TLS certificate expiry and JVM heap usage. Each is a plain {@link
 * dev.runbook.core.HealthCheck} with {@link dev.runbook.core.Thresholds}; register it like any
 * other. Database checks live in runbook-jdbc; Micrometer meter checks in {@code
 * dev.runbook.health.micrometer}.
 */
package dev.runbook.health.checks;
