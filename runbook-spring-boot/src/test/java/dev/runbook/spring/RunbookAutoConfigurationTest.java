package dev.runbook.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.health.Check;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.micrometer.HealthMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each condition of the auto-configuration: module absent, bean overridden, property off. */
class RunbookAutoConfigurationTest {

  final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RunbookMetricsAutoConfiguration.class,
          RunbookHealthAutoConfiguration.class, RunbookActuatorAutoConfiguration.class))
      .withPropertyValues("spring.application.name=analytics");

  @Configuration(proxyBeanMethods = false)
  static class Checks {
    @Bean
    HealthCheck diskSpaceCheck() {
      return () -> CheckResult.ok();
    }

    @Bean
    HealthCheck neverBackedUpCheck() {
      java.util.Map<String, Object> details = new java.util.HashMap<>();
      details.put("last_backup_at", null); // runbook shows null; Actuator takes no null detail
      return () -> CheckResult.degraded("no backup yet").withDetails(details);
    }

    @Bean
    Annotated annotated() {
      return new Annotated();
    }
  }

  static class Annotated {
    @Check(name = "warehouse", critical = false)
    Status warehouse() {
      return Status.DEGRADED;
    }
  }

  @Test
  void registersCheckBeansAnnotatedMethodsAndTheScheduler() {
    runner.withUserConfiguration(Checks.class).run(context -> {
      HealthRegistry registry = context.getBean(HealthRegistry.class);
      assertThat(registry.service()).isEqualTo("analytics");
      assertThat(registry.names()).contains("disk-space", "warehouse", "scheduler");
      assertThat(registry.check("warehouse").status()).isEqualTo(Status.DEGRADED);
      assertThat(context).hasSingleBean(JobMonitor.class).hasBean("runbookHealthServlet");
      ServletRegistrationBean<?> servlet = context.getBean("runbookHealthServlet",
          ServletRegistrationBean.class);
      assertThat(servlet.getUrlMappings()).contains("/ping", "/health", "/health/*");
    });
  }

  @Test
  void theApplicationsOwnBeansReplaceOurs() {
    HealthRegistry own = HealthRegistry.builder().service("own").build();
    AccessGate gate = AccessGate.denyAll();
    runner.withBean(HealthRegistry.class, () -> own).withBean(AccessGate.class, () -> gate)
        .run(context -> {
          assertThat(context.getBean(HealthRegistry.class)).isSameAs(own);
          assertThat(context.getBean(AccessGate.class)).isSameAs(gate);
        });
  }

  @Test
  void nothingIsConfiguredWithoutRunbookHealthOnTheClassPath() {
    runner.withClassLoader(new FilteredClassLoader(HealthRegistry.class))
        .run(context -> assertThat(context).doesNotHaveBean(HealthRegistry.class)
            .doesNotHaveBean("runbookHealthServlet").doesNotHaveBean("runbook"));
  }

  @Test
  void theEndpointAndTheActuatorExportCanBeSwitchedOff() {
    runner.withPropertyValues("runbook.health.enabled=false",
        "runbook.health.actuator.export=false").run(context -> {
          assertThat(context).hasSingleBean(HealthRegistry.class)
              .doesNotHaveBean("runbookHealthServlet").doesNotHaveBean("runbook");
        });
  }

  @Test
  void withoutActuatorOnTheClassPathThereIsNoContributor() {
    runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
        .run(context -> assertThat(context).hasSingleBean(HealthRegistry.class)
            .doesNotHaveBean("runbook"));
  }

  @Test
  void runbooksChecksAreActuatorContributorsAndActuatorsIndicatorsRunbookChecks() {
    runner.withUserConfiguration(Checks.class)
        .withBean("dbHealthIndicator", HealthIndicator.class,
            () -> () -> Health.down().withDetail("database", "PostgreSQL").build())
        .withPropertyValues("runbook.health.actuator.include=db")
        .run(context -> {
          CompositeHealthContributor runbook = context.getBean("runbook",
              CompositeHealthContributor.class);
          Health warehouse = ((HealthIndicator) runbook.getContributor("warehouse")).health();
          assertThat(warehouse.getStatus().getCode()).isEqualTo("UP");
          assertThat(warehouse.getDetails()).containsEntry("degraded", true)
              .containsEntry("critical", false);
          Health never = ((HealthIndicator) runbook.getContributor("never-backed-up")).health();
          assertThat(never.getDetails()).containsEntry("error", "no backup yet")
              .doesNotContainKey("last_backup_at");
          HealthRegistry registry = context.getBean(HealthRegistry.class);
          assertThat(registry.check("db").status()).isEqualTo(Status.DOWN);
          assertThat(registry.check("db").details()).containsEntry("database", "PostgreSQL");
        });
  }

  @Test
  void anActuatorIndicatorThatDoesNotExistIsRefusedNamingTheOnesThatDo() {
    runner.withBean("dbHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
        .withPropertyValues("runbook.health.actuator.include=dbb")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("runbook.health.actuator.include names \"dbb\"")
            .hasStackTraceContaining("there are db"));
  }

  @Test
  void aBadTokenIsRefusedNamingThePropertyNeverTheToken() {
    runner.withPropertyValues("runbook.health.tokens=hunter2-short")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("runbook.health.tokens: token 1 is")
            .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("hunter2-short")));
  }

  @Test
  void checksAreMeasuredWhenTheApplicationHasAMeterRegistry() {
    runner.withUserConfiguration(Checks.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
          assertThat(context).hasSingleBean(HealthMetrics.class);
          HealthRegistry registry = context.getBean(HealthRegistry.class);
          registry.report("all", registry.groups());
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          context.getBean(HealthMetrics.class).bindTo(meters);
          assertThat(meters.find(HealthMetrics.STATUS_GAUGE).tag("check", "warehouse").gauge())
              .isNotNull();
        });
    runner.run(context -> assertThat(context).doesNotHaveBean(HealthMetrics.class));
  }

  @Test
  void sourcePoliciesComeFromPropertiesAndATypoIsRefusedNamingTheSources() {
    runner.withUserConfiguration(RegistersSources.class)
        .withPropertyValues("runbook.sources.cooldown=90s", "runbook.sources.tmdb.cooldown=2m")
        .run(context -> {
          dev.runbook.health.sources.IngestionSources sources =
              context.getBean(dev.runbook.health.sources.IngestionSources.class);
          assertThat(sources.source("tmdb").policy().cooldown())
              .isEqualTo(java.time.Duration.ofMinutes(2));
          assertThat(sources.source("igdb").policy().cooldown())
              .isEqualTo(java.time.Duration.ofSeconds(90));
          assertThat(context.getBean(HealthRegistry.class).names()).contains("ingestion");
        });
    runner.withUserConfiguration(RegistersSources.class)
        .withPropertyValues("runbook.sources.tmbd.cooldown=2m")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("SOURCE_TMBD_COOLDOWN is read by no source; the sources are"
                + " tmdb, igdb"));
  }

  @Configuration(proxyBeanMethods = false)
  static class RegistersSources {
    @Bean
    Object sourceClients(dev.runbook.health.sources.IngestionSources sources) {
      return java.util.List.of(sources.register("tmdb"), sources.register("igdb"));
    }
  }

  @Test
  void beanNamesBecomeCheckNames() {
    assertThat(CheckRegistrar.checkName("diskSpaceCheck")).isEqualTo("disk-space");
    assertThat(CheckRegistrar.checkName("warehouseHealthCheck")).isEqualTo("warehouse");
    assertThat(CheckRegistrar.checkName("db")).isEqualTo("db");
    assertThat(CheckRegistrar.checkName("Check")).isEqualTo("check");
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
