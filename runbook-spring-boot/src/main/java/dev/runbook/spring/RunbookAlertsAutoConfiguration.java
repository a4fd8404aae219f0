package dev.runbook.spring;

import dev.runbook.core.Settings;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.alerts.AlertBook;
import dev.runbook.health.alerts.AlertSettings;
import dev.runbook.health.alerts.AlertWatch;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.servlet.SliFilter;
import dev.runbook.health.slo.RequestSlis;
import dev.runbook.health.slo.SloSection;
import dev.runbook.health.slo.SloSettings;
import dev.runbook.health.sources.IngestionSources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * SLOs and alerts in a Spring Boot application: the {@link SliFilter} on every request into a
 * {@link RequestSlis} bean (route groups from {@code runbook.slo.route-groups}); the {@code slo}
 * section from {@code runbook.slo.*} in the groups readiness and slo ({@code /health/slo}); an
 * {@link AlertBook} from {@code runbook.alerts.*} served at {@code /health/alerts} with its {@code
 * alerts} check; and an {@link AlertWatch} over every check, job, circuit and SLO. The {@code
 * runbook.slo} and {@code runbook.alerts} keys are the library's settings: {@code
 * runbook.slo.latency-p95} is {@code SLO_LATENCY_P95}, {@code runbook.alerts.smtp-host} is {@code
 * ALERT_SMTP_HOST}, {@code runbook.alerts.interval} is {@code ALERTS_INTERVAL}.
 */
@AutoConfiguration(after = RunbookHealthAutoConfiguration.class)
@ConditionalOnClass(HealthRegistry.class)
public class RunbookAlertsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public RequestSlis runbookRequestSlis(RunbookProperties properties) {
    return SloSettings.requestSlis(sloSettings(properties), Clock.systemUTC());
  }

  @Bean
  @ConditionalOnMissingBean
  public AlertBook runbookAlertBook(RunbookProperties properties, Environment environment) {
    String service = properties.getService() != null ? properties.getService()
        : environment.getProperty("spring.application.name", "application");
    try {
      return AlertSettings.book(alertSettings(properties), service, null, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runbook.alerts: " + e.getMessage()
          + " (runbook.alerts.<key> is ALERT_<KEY>, or ALERTS_<KEY> for file, interval and"
          + " renotify)", e);
    }
  }

  /** Registers {@code slo} and {@code alerts} and starts the watch once every bean exists. */
  @Bean
  public AlertWiring runbookAlertWiring(ObjectProvider<HealthRegistry> registry,
      ObjectProvider<AlertBook> book, ObjectProvider<RequestSlis> slis,
      ObjectProvider<JobMonitor> jobs, ObjectProvider<IngestionSources> sources,
      RunbookProperties properties) {
    return new AlertWiring(registry, book, slis, jobs, sources, properties);
  }

  /** {@code runbook.slo.latency-p95} as {@code SLO_LATENCY_P95}. */
  static Settings sloSettings(RunbookProperties properties) {
    Map<String, String> settings = new LinkedHashMap<>();
    properties.getSlo().forEach((key, value) -> settings.put("SLO_" + upper(key), value));
    return Settings.of(settings);
  }

  /** {@code runbook.alerts.smtp-host} as {@code ALERT_SMTP_HOST}; file, interval, renotify as ALERTS_. */
  static Settings alertSettings(RunbookProperties properties) {
    Map<String, String> settings = new LinkedHashMap<>();
    properties.getAlerts().forEach((key, value) -> {
      String k = upper(key);
      settings.put((List.of("FILE", "INTERVAL", "RENOTIFY").contains(k) ? "ALERTS_" : "ALERT_")
          + k, value);
    });
    return Settings.of(settings);
  }

  private static String upper(String key) {
    return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /** Registers the slo and alerts checks and runs the alert watch until the context closes. */
  public static final class AlertWiring implements SmartInitializingSingleton, DisposableBean {
    private final ObjectProvider<HealthRegistry> registry;
    private final ObjectProvider<AlertBook> book;
    private final ObjectProvider<RequestSlis> slis;
    private final ObjectProvider<JobMonitor> jobs;
    private final ObjectProvider<IngestionSources> sources;
    private final RunbookProperties properties;
    private AlertWatch watch;

    AlertWiring(ObjectProvider<HealthRegistry> registry, ObjectProvider<AlertBook> book,
        ObjectProvider<RequestSlis> slis, ObjectProvider<JobMonitor> jobs,
        ObjectProvider<IngestionSources> sources, RunbookProperties properties) {
      this.registry = registry;
      this.book = book;
      this.slis = slis;
      this.jobs = jobs;
      this.sources = sources;
      this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
      HealthRegistry r = registry.getIfUnique();
      AlertBook alerts = book.getIfUnique();
      if (r == null || alerts == null) {
        return;
      }
      Optional<SloSection> slo = Optional.empty();
      RequestSlis requests = slis.getIfUnique();
      if (requests != null) {
        try {
          slo = SloSettings.section(sloSettings(properties), requests);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("runbook.slo: " + e.getMessage()
              + " (runbook.slo.<key> is SLO_<KEY>)", e);
        }
      }
      List<String> skipped = new ArrayList<>(List.of("scheduler", "alerts", "slo"));
      if (slo.isPresent() && !r.names().contains("slo")) {
        r.register("slo", slo.get(), CheckOptions.builder()
            .groups(CheckOptions.READINESS, "slo").build());
      }
      if (!r.names().contains("alerts")) {
        r.register("alerts", alerts.healthCheck(),
            CheckOptions.builder().critical(false).build());
      }
      IngestionSources s = sources.getIfUnique();
      if (s != null) {
        skipped.add(s.section());
      }
      AlertWatch.Builder b = AlertWatch.builder(alerts)
          .checks(r, skipped.toArray(new String[0]))
          .interval(AlertSettings.interval(alertSettings(properties)));
      JobMonitor j = jobs.getIfUnique();
      if (j != null) {
        b.jobs(j);
      }
      if (s != null) {
        b.sources(s);
      }
      slo.ifPresent(b::slos);
      watch = b.build().start();
    }

    @Override
    public void destroy() {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /** The SLI filter in front of every servlet. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({FilterRegistrationBean.class, SliFilter.class})
  static class ServletSlis {

    @Bean
    @ConditionalOnMissingBean(name = "runbookSliFilter")
    FilterRegistrationBean<SliFilter> runbookSliFilter(RequestSlis slis) {
      FilterRegistrationBean<SliFilter> filter = new FilterRegistrationBean<>(new SliFilter(slis));
      filter.setName("runbookSli");
      filter.addUrlPatterns("/*");
      filter.setOrder(Ordered.HIGHEST_PRECEDENCE); // time the whole request, security included
      return filter;
    }
  }
}
