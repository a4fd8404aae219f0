/**
 * SQLite: consistent online backups under concurrent writers, drills with {@code PRAGMA
 * integrity_check} and {@code foreign_key_check} on the restored copy, and real restores.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link SqliteBackupSource}: A consistent online backup of one SQLite database file, as a
 *       plain SQLite file that {@code sqlite3} opens.
 *   <li>{@link SqliteRestoreTarget}: A real restore of an SQLite database, through SQLite's
 *       online backup API on a connection to the live file, so connections the service holds see the
 *       restored data instead of a file swapped under them.
 *   <li>{@link SqliteRestoreVerifier}: The drill for {@code sqlite} artifacts: writes the
 *       artifact to a file in the drill's scratch folder, opens it read-only, runs {@code PRAGMA
 *       integrity_check} and {@code PRAGMA foreign_key_check}, and counts every table's rows for the
 *       comparison with the manifest.
 * </ul>
 */
package dev.runbook.jdbc.sqlite;
