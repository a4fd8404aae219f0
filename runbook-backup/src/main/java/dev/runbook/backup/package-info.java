/**
 * Backups proven restorable: backup sets, the repository layout and manifest, checksums,
 * compression, retention, offsite targets, and verify and restore-verify drills.
 *
 * <p>Depends on runbook-core only; never on runbook-health. A backup freshness check is a plain
 * core {@link dev.runbook.core.HealthCheck} that the application registers.
 */
package dev.runbook.backup;
