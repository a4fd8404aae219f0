/**
 * What a source of backups implements: {@link BackupSource} writes one artifact of a backup,
 * {@link RestoreVerifier} restores that kind of artifact into a scratch place for a drill, {@link
 * RestoreTarget} performs a real restore. runbook-jdbc and {@code dev.runbook.backup.files}
 * implement them. {@link OffsiteTargetProvider} serves a scheme of {@code BACKUP_REMOTE}
 * (runbook-backup-s3 serves {@code s3://}).
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link ArtifactMetadata}: What a {@link BackupSource} reports about the artifact it
 *       wrote: the engine and its version, and the row count of each table as seen by the backup
 *       itself, which a drill later compares with the restored copy.
 *   <li>{@link BackupSource}: Writes one artifact of a backup set: a database, a folder of
 *       configuration files.
 *   <li>{@link OffsiteTargetProvider}: Serves one URI scheme of {@code BACKUP_REMOTE}, such as
 *       {@code s3}.
 *   <li>{@link RestoreCheck}: What a {@link RestoreVerifier} found in its restored copy.
 *   <li>{@link RestoreContext}: What a {@link RestoreVerifier} gets for one artifact of a drill.
 *   <li>{@link RestoreTarget}: Where a real restore writes: the production database or folder.
 *   <li>{@link RestoreUnavailableException}: Thrown when a restore could not be tried at all; the
 *       drill is then inconclusive.
 *   <li>{@link RestoreVerifier}: Restores one kind of artifact into a scratch place during a
 *       drill, runs the engine's own integrity checks on the copy, and counts its rows.
 * </ul>
 */
package dev.runbook.backup.spi;
