package dev.runbook.spring;

import dev.runbook.core.HealthCheck;
import dev.runbook.health.Check;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.sources.IngestionSources;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Puts the application's checks into the {@link HealthRegistry} bean once every singleton exists:
 * each {@link HealthCheck} bean under its bean name in kebab case without a {@code Check} or
 * {@code HealthCheck} suffix ({@code diskSpaceCheck} becomes {@code disk-space}), each bean's
 * {@link Check @Check} methods under their declared names, the {@link JobMonitor} bean as
 * {@code scheduler}, and the {@link IngestionSources} bean as its section ({@code ingestion}). A check already registered under a name (by the application's own code) is
 * left alone.
 */
public final class CheckRegistrar implements SmartInitializingSingleton {

  private final ConfigurableListableBeanFactory beans;

  CheckRegistrar(ConfigurableListableBeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public void afterSingletonsInstantiated() {
    HealthRegistry registry = beans.getBeanProvider(HealthRegistry.class).getIfUnique();
    if (registry == null) {
      return;
    }
    for (Map.Entry<String, HealthCheck> e : beans.getBeansOfType(HealthCheck.class).entrySet()) {
      String name = checkName(e.getKey());
      if (!registry.names().contains(name)) {
        registry.register(name, e.getValue());
      }
    }
    JobMonitor jobs = beans.getBeanProvider(JobMonitor.class).getIfUnique();
    if (jobs != null && !registry.names().contains("scheduler")) {
      registry.register("scheduler", jobs.healthCheck());
    }
    IngestionSources sources = beans.getBeanProvider(IngestionSources.class).getIfUnique();
    if (sources != null && !registry.names().contains(sources.section())) {
      registry.register(sources.section(), sources.healthCheck());
    }
    for (String beanName : beans.getBeanNamesForType(Object.class, false, false)) {
      Class<?> type = beans.getType(beanName, false);
      if (type != null && hasCheckMethod(type)) {
        Object bean = beans.getBean(beanName);
        registry.scan(AopUtils.isAopProxy(bean) ? unwrap(bean) : bean);
      }
    }
  }

  private static boolean hasCheckMethod(Class<?> type) {
    boolean[] found = {false};
    ReflectionUtils.doWithMethods(type, (Method m) -> found[0] = true,
        m -> m.isAnnotationPresent(Check.class));
    return found[0];
  }

  private static Object unwrap(Object proxy) {
    try {
      return ((org.springframework.aop.framework.Advised) proxy).getTargetSource().getTarget();
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach the target of proxy " + proxy.getClass()
          + " to scan its @Check methods: " + e.getMessage(), e);
    }
  }

  /** {@code diskSpaceCheck} as {@code disk-space}; {@code db} as {@code db}. */
  static String checkName(String beanName) {
    String base = beanName;
    for (String suffix : new String[] {"HealthCheck", "Check"}) {
      if (base.endsWith(suffix) && base.length() > suffix.length()) {
        base = base.substring(0, base.length() - suffix.length());
        break;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        out.append('-');
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString().replaceAll("[^a-z0-9_.-]", "-").toLowerCase(Locale.ROOT);
  }
}
