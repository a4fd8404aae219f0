package dev.runbook.spring;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.health.CheckSnapshot;
import dev.runbook.health.HealthRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Both directions with Spring Boot Actuator's health: runbook's checks as the composite
 * contributor {@code runbook} (each check a child, so {@code
 * management.endpoint.health.group.ready.include=runbook/database} works), and the Actuator
 * contributors named in {@code runbook.health.actuator.include} as checks in runbook's registry.
 *
 * <p>Statuses: {@code ok} is {@code UP}, {@code down} is {@code DOWN}; Actuator has no degraded,
 * so {@code degraded} is {@code UP} with {@code degraded: true} and the reason in the details (a
 * degraded dependency must not fail a readiness probe). The other way, {@code UP} is ok, {@code
 * DOWN} and {@code OUT_OF_SERVICE} are down, and {@code UNKNOWN} is degraded.
 */
@AutoConfiguration(after = RunbookHealthAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, HealthRegistry.class})
@ConditionalOnBean(HealthRegistry.class)
public class RunbookActuatorAutoConfiguration {

  @Bean("runbook")
  @ConditionalOnMissingBean(name = "runbook")
  @ConditionalOnProperty(prefix = "runbook.health.actuator", name = "export",
      matchIfMissing = true)
  public CompositeHealthContributor runbookHealthContributor(HealthRegistry registry) {
    return new RegistryContributor(registry);
  }

  @Bean
  public static SmartInitializingSingleton runbookActuatorImport(ApplicationContext context,
      ObjectProvider<HealthRegistry> registry, RunbookProperties properties) {
    return () -> {
      HealthRegistry target = registry.getIfUnique();
      List<String> include = properties.getHealth().getActuator().getInclude();
      if (target == null || include.isEmpty()) {
        return;
      }
      Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
      context.getBeansOfType(HealthContributor.class).forEach((bean, contributor) -> {
        if (contributor instanceof HealthIndicator indicator) {
          indicators.put(actuatorName(bean), indicator);
        }
      });
      for (String name : include) {
        HealthIndicator indicator = indicators.get(name.strip());
        if (indicator == null) {
          throw new IllegalArgumentException("runbook.health.actuator.include names \"" + name
              + "\", which is no Actuator health indicator here; there are "
              + String.join(", ", indicators.keySet()));
        }
        String checkName = CheckRegistrar.checkName(name.strip());
        if (!target.names().contains(checkName)) {
          target.register(checkName, fromActuator(indicator));
        }
      }
    };
  }

  /** Actuator's name for a contributor bean: {@code dbHealthIndicator} is {@code db}. */
  static String actuatorName(String beanName) {
    for (String suffix : new String[] {"HealthIndicator", "HealthContributor"}) {
      if (beanName.endsWith(suffix) && beanName.length() > suffix.length()) {
        return beanName.substring(0, beanName.length() - suffix.length());
      }
    }
    return beanName;
  }

  static HealthCheck fromActuator(HealthIndicator indicator) {
    return () -> {
      Health health = indicator.health(true);
      Map<String, Object> details = new LinkedHashMap<>();
      health.getDetails().forEach((k, v) -> details.put(k, v instanceof Number
          || v instanceof Boolean ? v : String.valueOf(v)));
      String code = health.getStatus().getCode();
      if (Status.UP.getCode().equals(code)) {
        return CheckResult.ok(details);
      }
      CheckResult result = Status.UNKNOWN.getCode().equals(code)
          ? CheckResult.degraded("Actuator reports " + code)
          : CheckResult.down("Actuator reports " + code);
      return result.withDetails(details);
    };
  }

  /** Each registered check as a child indicator, read through the registry (TTLs apply). */
  static final class RegistryContributor implements CompositeHealthContributor {
    private final HealthRegistry registry;

    RegistryContributor(HealthRegistry registry) {
      this.registry = registry;
    }

    @Override
    public HealthContributor getContributor(String name) {
      return registry.names().contains(name) ? indicator(name) : null;
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
      return registry.names().stream()
          .map(name -> new HealthContributors.Entry(name, indicator(name)));
    }

    private HealthIndicator indicator(String name) {
      return () -> toActuator(registry.check(name));
    }
  }

  static Health toActuator(CheckSnapshot snapshot) {
    Health.Builder health = switch (snapshot.status()) {
      case OK -> Health.up();
      case DEGRADED -> Health.up().withDetail("degraded", true);
      default -> Health.down();
    };
    snapshot.error().ifPresent(e -> health.withDetail("error", e));
    snapshot.details().forEach((key, value) -> {
      if (value != null) { // "never" in runbook's payload; Actuator takes no null detail
        health.withDetail(key, value);
      }
    });
    health.withDetail("critical", snapshot.critical());
    return health.build();
  }
}
