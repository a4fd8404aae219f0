/**
 * Spring Boot 4 auto-configuration of runbook: add {@code runbook-spring-boot-starter} and the
 * application gets {@code /ping} and {@code /health} on its own port, every {@code HealthCheck}
 * bean and {@code @Check} method in the registry, the access gate from {@code runbook.health.*},
 * runbook's checks as Actuator's {@code runbook} contributor, and Micrometer binders. Each part is
 * configured only when its module is on the class path, and every bean is replaced by one of the
 * application's own.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link CheckRegistrar}: Puts the application's checks into the registry once every
 *       singleton exists.
 *   <li>{@link MonitoredScheduling}: Records the runs of Spring's {@code @Scheduled} methods in
 *       the job monitor.
 *   <li>{@link RunbookActuatorAutoConfiguration}: Both directions with Spring Boot Actuator's
 *       health.
 *   <li>{@link RunbookAlertsAutoConfiguration}: SLOs and alerts in a Spring Boot application.
 *   <li>{@link RunbookAlertsAutoConfiguration.AlertWiring}: Registers the slo and alerts checks
 *       and runs the alert watch.
 *   <li>{@link RunbookBackupAutoConfiguration}: Backups of the application's DataSource, proven
 *       by drills.
 *   <li>{@link RunbookHealthAutoConfiguration}: runbook-health in a Spring Boot application.
 *   <li>{@link RunbookMetricsAutoConfiguration}: runbook's Micrometer binders.
 *   <li>{@link RunbookProperties}: The {@code runbook.*} properties.
 * </ul>
 */
package dev.runbook.spring;
