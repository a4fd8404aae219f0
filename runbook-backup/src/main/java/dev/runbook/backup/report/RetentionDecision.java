package dev.runbook.backup.report;

import java.time.Instant;

/**
 * What retention does with one backup, and why.
 *
 * @param backupId the backup
 * @param createdAt when it was taken
 * @param keep whether it stays
 * @param reason in words, e.g. {@code newest backup that passed a drill} or {@code older than
 *     PT720H and not among the last 7}
 */
public record RetentionDecision(String backupId, Instant createdAt, boolean keep, String reason) {}
