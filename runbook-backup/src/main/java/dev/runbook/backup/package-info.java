/**
 * Backups proven restorable: backup sets, the repository layout and manifest, checksums,
 * compression, retention, offsite targets, and verify and restore-verify drills.
 *
 * <p>Depends on runbook-core only; never on runbook-health. A backup freshness check is a plain
 * core {@link dev.runbook.core.HealthCheck} that the application registers.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link Artifact}: One artifact of a backup as the manifest records it.
 *   <li>{@link Backup}: A complete backup in a repository: its folder, its manifest and its
 *       latest drill.
 *   <li>{@link BackupBusyException}: Another backup, drill or prune holds the repository's lock.
 *   <li>{@link BackupEncryption}: Encryption at rest in the age format, so an operator decrypts
 *       with the standard {@code age} tool; off by default.
 *   <li>{@link BackupException}: A backup operation could not be done; the message says with
 *       which input and what to do.
 *   <li>{@link BackupFreshnessCheck}: Whether backups are recent and proven: a plain core {@link
 *       dev.runbook.core.HealthCheck} that the application registers (runbook-health and
 *       runbook-backup do not know each other).
 *   <li>{@link BackupRepository}: A folder of backups, each proven restorable by drills: the
 *       programmatic API behind the operator command line and the scheduled jobs.
 *   <li>{@link BackupTasks}: The bodies of a service's scheduled backup jobs, for any
 *       scheduler, and their usual schedule as {@link dev.runbook.core.JobSpec}s.
 *   <li>{@link Compression}: How an artifact's bytes are stored.
 *   <li>{@link DamagedBackup}: A folder named as a backup that cannot be trusted as one, and
 *       why.
 *   <li>{@link DirectoryTarget}: An offsite target that is a folder: a mounted disk, an NFS or
 *       SMB share.
 *   <li>{@link Manifest}: The {@code manifest.json} of one backup: written last, with its own
 *       checksum file, so that a folder with a valid manifest is a complete backup.
 *   <li>{@link OffsiteTarget}: Somewhere off this host that keeps copies of backups: a mounted
 *       folder ({@link DirectoryTarget}), or object storage from a module such as {@code
 *       runbook-backup-s3}.
 *   <li>{@link RetentionPolicy}: Which backups retention keeps: every backup younger than {@code
 *       keepWithin}, and the newest {@code keepLast} whatever their age, so that a service that
 *       stopped backing up does not lose its last good copies to the calendar.
 * </ul>
 */
package dev.runbook.backup;
