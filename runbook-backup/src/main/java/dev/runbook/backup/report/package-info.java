/**
 * What the repository's operations report: verification ({@link VerifyResult}), drills ({@link
 * DrillReport}, stored as {@code drill-<timestamp>.json}), retention ({@link RetentionPlan}) and
 * offsite syncs ({@link SyncReport}). All are immutable and serialise to the JSON the command line
 * prints with {@code --json}.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link ArtifactDrill}: How one artifact fared in a drill.
 *   <li>{@link CheckStatus}: How one part of a drill went: checksums, integrity checks, the
 *       row-count check.
 *   <li>{@link DrillOutcome}: The verdict of a restore-verify drill.
 *   <li>{@link DrillReport}: The record of one restore-verify drill, as stored in {@code
 *       drill-<timestamp>.json} beside the manifest: the checksum status, integrity status, restore
 *       result and row-count check the runbooks ask for, per artifact and overall.
 *   <li>{@link FileProblem}: One thing wrong with one file of a backup.
 *   <li>{@link RestoreResult}: Whether a drill managed to restore an artifact into its scratch
 *       target.
 *   <li>{@link RetentionDecision}: What retention does with one backup, and why.
 *   <li>{@link RetentionPlan}: What a prune decided, or, for a dry run, would decide.
 *   <li>{@link SyncReport}: What one offsite sync did.
 *   <li>{@link TableCount}: One row of a drill's row-count check.
 *   <li>{@link VerifyResult}: The outcome of {@code dev.runbook.backup.BackupRepository#verify}:
 *       every file present, nothing unexpected, sizes and SHA-256 as the manifest says, compressed
 *       streams decoding to the end.
 * </ul>
 */
package dev.runbook.backup.report;
