/**
 * Job leases in a shared database, so a singleton job runs on one replica at a time.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link ShedLockLeases}: Job leases in the database every replica shares, through
 *       ShedLock's JDBC provider.
 * </ul>
 */
package dev.runbook.jdbc.lease;
