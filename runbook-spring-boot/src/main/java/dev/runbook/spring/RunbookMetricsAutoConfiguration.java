package dev.runbook.spring;

import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.micrometer.HealthMetrics;
import dev.runbook.health.micrometer.JobMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * runbook's Micrometer binders when the application has a {@link MeterRegistry}: each check's
 * status and duration ({@code runbook.health.*}) and each job's runs and duration ({@code
 * runbook.job.*}). Spring Boot binds every {@code MeterBinder} bean to its registries.
 */
@AutoConfiguration(beforeName = "dev.runbook.spring.RunbookHealthAutoConfiguration",
    afterName = "org.springframework.boot.micrometer.metrics.autoconfigure"
        + ".CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, HealthMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public class RunbookMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public HealthMetrics runbookHealthMetrics() {
    return new HealthMetrics();
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(JobMonitor.class)
  public JobMetrics runbookJobMetrics(JobMonitor jobs) {
    return JobMetrics.of(jobs);
  }
}
