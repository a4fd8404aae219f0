/**
 * Built-in checks: disk space, TLS certificate expiry and JVM heap usage. Each is a plain {@link
 * dev.runbook.core.HealthCheck} with {@link dev.runbook.core.Thresholds}; register it like any
 * other. Database checks live in runbook-jdbc; Micrometer meter checks in {@code
 * dev.runbook.health.micrometer}.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link CertificateExpiryCheck}: Days until a TLS certificate expires: {@code degraded}
 *       at 14 days left, {@code down} at 7 or expired, by default.
 *   <li>{@link CredentialVaultCheck}: Are the credentials a service needs present, and not about
 *       to expire?
 *   <li>{@link DiskSpaceCheck}: How full the file system holding a path is: {@code degraded} at
 *       80 % used, {@code down} at 90 % by default.
 *   <li>{@link JvmMemoryCheck}: Heap in use against the maximum heap: {@code degraded} at 90 %,
 *       {@code down} at 98 % by default.
 * </ul>
 */
package dev.runbook.health.checks;
