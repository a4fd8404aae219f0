package dev.runbook.core;

/**
 * One health check: a question about one dependency or resource, answered with a {@link
 * CheckResult}.
 *
 * <p>A check that throws is reported as {@link Status#DOWN}; the error shown is the exception's
 * message passed through the {@link Redactor}, so a check may simply let a driver's exception
 * escape. Checks are called from a pool of threads and must be safe to call concurrently, though
 * the health engine never runs the same check twice at once.
 *
 * <pre>{@code
 * HealthCheck disk = () -> Files.getFileStore(dir).getUsableSpace() > minFree
 *     ? CheckResult.ok()
 *     : CheckResult.degraded("less than " + minFree + " bytes free under " + dir);
 * }</pre>
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Runs the check once.
   *
   * @return the result; never null
   * @throws Exception any failure, reported as {@link Status#DOWN} with the redacted message
   */
  CheckResult check() throws Exception;
}
