/**
 * Configuration and other files as a backup artifact: a POSIX tar of a folder ({@link
 * FileSetSource}) and its drill ({@link FileSetVerifier}).
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link FileSetSource}: Backs up files and folders under one base folder (a service's
 *       {@code .env}, configuration, uploads) into a POSIX tar archive that {@code tar -xpf}
 *       restores with permissions and mtimes.
 *   <li>{@link FileSetVerifier}: Restores a {@link FileSetSource} archive into the drill's
 *       scratch folder: every header's checksum, every entry's data and the end-of-archive blocks
 *       are checked; no path may leave the scratch folder, directly or through a link the archive
 *       itself created; permissions and mtimes are applied as {@code tar -xp} would.
 * </ul>
 */
package dev.runbook.backup.files;
