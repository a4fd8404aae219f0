/**
 * The operator command line over a repository: {@code backup}, {@code list}, {@code verify},
 * {@code restore-verify}, {@code prune [--dry-run]} and {@code sync}, each with {@code --json}.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link BackupCommandLine}: The operator's command line over a {@link
 *       dev.runbook.backup.BackupRepository}, for a service to expose on its own jar: {@code
 *       backup}, {@code list}, {@code verify <id|dir>}, {@code restore-verify <id|dir>}, {@code
 *       prune [--dry-run]} and {@code sync}.
 * </ul>
 */
package dev.runbook.backup.cli;
