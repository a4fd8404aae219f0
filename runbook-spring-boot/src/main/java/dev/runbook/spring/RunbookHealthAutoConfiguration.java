package dev.runbook.spring;

import dev.runbook.core.HealthCheck;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.Slf4jStatusListener;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.PayloadFormat;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.micrometer.HealthMetrics;
import dev.runbook.health.servlet.HealthServlet;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.core.Settings;
import java.util.HashMap;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * runbook-health in a Spring Boot application: a {@link HealthRegistry} holding every {@link
 * HealthCheck} bean and every {@code @Check} method of every bean, a {@link JobMonitor} as the
 * {@code scheduler} check, the access gate from {@code runbook.health.*}, and the endpoint mounted
 * on the application's port. Every bean is replaced by one of the application's own type.
 */
@AutoConfiguration
@ConditionalOnClass(HealthRegistry.class)
@EnableConfigurationProperties(RunbookProperties.class)
public class RunbookHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public HealthRegistry runbookHealthRegistry(RunbookProperties properties,
      Environment environment, ObjectProvider<HealthMetrics> metrics) {
    String service = properties.getService() != null ? properties.getService()
        : environment.getProperty("spring.application.name", "application");
    HealthRegistry.Builder builder = HealthRegistry.builder().service(service)
        .listener(new Slf4jStatusListener());
    metrics.ifAvailable(m -> builder.resultListener(m));
    return builder.build();
  }

  /** Registers the application's checks once every singleton exists, so no cycle can form. */
  @Bean
  public static CheckRegistrar runbookCheckRegistrar(ConfigurableListableBeanFactory beans) {
    return new CheckRegistrar(beans);
  }

  /** {@code @Scheduled} methods recorded by the job monitor, when Spring's scheduling is here. */
  @Bean
  @ConditionalOnClass(name = "org.springframework.scheduling.annotation.Scheduled")
  public static MonitoredScheduling runbookMonitoredScheduling(ObjectProvider<JobMonitor> jobs,
      Environment environment) {
    return new MonitoredScheduling(jobs, environment.getProperty(
        "runbook.jobs.monitor-all-scheduled", Boolean.class, false));
  }

  @Bean
  @ConditionalOnMissingBean
  public JobMonitor runbookJobMonitor(RunbookProperties properties) {
    return JobMonitor.builder().failureThreshold(properties.getJobs().getFailureThreshold())
        .build();
  }

  /**
   * The ingestion sources, each circuit's policy from {@code runbook.sources.*} (mapped onto the
   * library's {@code SOURCE_<NAME>_<FIELD>} settings, so a typo in a source or field name is
   * refused when the source registers, listing the right ones).
   */
  @Bean
  @ConditionalOnMissingBean
  public IngestionSources runbookIngestionSources(RunbookProperties properties) {
    return IngestionSources.builder().settings(sourceSettings(properties)).build();
  }

  /**
   * Once the application's beans exist (and have registered their sources), refuses a {@code
   * runbook.sources.*} property that no source reads: a misspelt source or field stops the start.
   */
  @Bean
  public static org.springframework.beans.factory.SmartInitializingSingleton
      runbookSourceSettingsCheck(ObjectProvider<IngestionSources> sources,
          ObjectProvider<RunbookProperties> properties) {
    return () -> {
      IngestionSources registered = sources.getIfUnique();
      RunbookProperties p = properties.getIfUnique();
      if (registered != null && p != null && !p.getSources().isEmpty()) {
        try {
          dev.runbook.health.sources.SourcePolicy.checkSettings(sourceSettings(p),
              registered.sources().stream().map(s -> s.name()).toList());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("runbook.sources: " + e.getMessage()
              + " (runbook.sources.<name>.<field> is SOURCE_<NAME>_<FIELD>)", e);
        }
      }
    };
  }

  static Settings sourceSettings(RunbookProperties properties) {
    Map<String, String> settings = new HashMap<>();
    properties.getSources().forEach((key, value) -> settings.put("SOURCE_"
        + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'), value));
    return Settings.of(settings);
  }

  /**
   * Queue triage for {@code /health/queues}: every {@link dev.runbook.core.QueueProbe} bean and
   * the job monitor, whose jobs drain pauses when named in {@code runbook.jobs.feeders}.
   */
  @Bean
  @ConditionalOnMissingBean
  public dev.runbook.health.queues.QueueTriage runbookQueueTriage(
      ObjectProvider<dev.runbook.core.QueueProbe> probes, ObjectProvider<JobMonitor> jobs,
      RunbookProperties properties) {
    dev.runbook.health.queues.QueueTriage.Builder triage =
        dev.runbook.health.queues.QueueTriage.builder();
    probes.orderedStream().forEach(triage::probe);
    JobMonitor monitor = jobs.getIfAvailable();
    if (monitor != null) {
      triage.jobs(monitor).feeders(properties.getJobs().getFeeders().toArray(new String[0]));
    }
    return triage.build();
  }

  @Bean
  @ConditionalOnMissingBean
  public AccessGate runbookAccessGate(RunbookProperties properties,
      ObjectProvider<AccessGate.CredentialCheck> credentials) {
    RunbookProperties.Health h = properties.getHealth();
    AccessGate.Builder gate = AccessGate.builder();
    apply("runbook.health.allowlist", h.getAllowlist(), gate::allow);
    apply("runbook.health.trusted-proxies", h.getTrustedProxies(), gate::trustedProxies);
    apply("runbook.health.tokens", h.getTokens(), gate::bearerTokens);
    AccessGate.CredentialCheck own = credentials.getIfAvailable();
    if (own != null) {
      gate.credentialCheck(own);
    } else if (h.isPrincipalIsCredential() && servletApiPresent()) {
      gate.credentialCheck(PrincipalCredential.INSTANCE);
    }
    return gate.build();
  }

  @Bean
  @ConditionalOnMissingBean
  public HealthEndpoint runbookHealthEndpoint(HealthRegistry registry, AccessGate gate,
      RunbookProperties properties, ObjectProvider<JobMonitor> jobs,
      ObjectProvider<IngestionSources> sources,
      ObjectProvider<dev.runbook.health.alerts.AlertBook> alerts,
      ObjectProvider<dev.runbook.health.queues.QueueTriage> triage) {
    RunbookProperties.Health h = properties.getHealth();
    PayloadFormat format = PayloadFormat.fromParameter(
        h.getDefaultFormat().strip().toLowerCase(Locale.ROOT)).orElseThrow(() ->
        new IllegalArgumentException("runbook.health.default-format \"" + h.getDefaultFormat()
            + "\" is not a format; use native, ietf, microprofile or actuator"));
    HealthEndpoint.Builder endpoint = HealthEndpoint.builder(registry).gate(gate)
        .defaultFormat(format).kubernetesPaths(h.isKubernetesPaths())
        .microProfilePaths(h.isMicroprofilePaths());
    if (!h.getBasePath().isBlank()) {
      endpoint.basePath(h.getBasePath().strip());
    }
    jobs.ifAvailable(monitor -> endpoint.resetRoute("jobs", monitor::reset)
        .pauseRoutes("jobs", monitor::pause, monitor::resume));
    sources.ifAvailable(s -> endpoint.resetRoute("sources", s::reset));
    alerts.ifAvailable(endpoint::alerts);
    triage.ifAvailable(t -> endpoint.queues(t, h.getOpsAdmins().stream().map(String::strip)
        .filter(n -> !n.isEmpty()).toList()));
    return endpoint.build();
  }

  private static void apply(String property, List<String> values,
      Consumer<String[]> into) {
    try {
      into.accept(values.stream().map(String::strip).filter(v -> !v.isEmpty())
          .toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }

  private static boolean servletApiPresent() {
    try {
      Class.forName("jakarta.servlet.http.HttpServletRequest", false,
          RunbookHealthAutoConfiguration.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** An authenticated principal on the servlet request is a credential. */
  enum PrincipalCredential implements AccessGate.CredentialCheck {
    INSTANCE;

    @Override
    public boolean isAuthorised(dev.runbook.health.http.HealthRequest request) {
      return request.nativeRequest() instanceof HttpServletRequest servlet
          && servlet.getUserPrincipal() != null;
    }
  }

  /**
   * The endpoint on the application's own port, at /ping and /health (under the base path),
   * unless {@code runbook.health.server=management} puts it where Actuator serves.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({ServletRegistrationBean.class, HealthServlet.class})
  @ConditionalOnProperty(prefix = "runbook.health", name = "enabled", matchIfMissing = true)
  static class ServletEndpoint {

    @Bean
    @ConditionalOnMissingBean(name = "runbookHealthServlet")
    @ConditionalOnProperty(prefix = "runbook.health", name = "server", havingValue = "application",
        matchIfMissing = true)
    ServletRegistrationBean<HealthServlet> runbookHealthServlet(HealthEndpoint endpoint,
        RunbookProperties properties) {
      return registration(endpoint, properties);
    }

    static ServletRegistrationBean<HealthServlet> registration(HealthEndpoint endpoint,
        RunbookProperties properties) {
      String base = properties.getHealth().getBasePath().strip();
      base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      ServletRegistrationBean<HealthServlet> servlet = new ServletRegistrationBean<>(
          new HealthServlet(endpoint), base + "/ping", base + "/health", base + "/health/*",
          base + "/livez", base + "/readyz");
      servlet.setName("runbookHealth");
      return servlet;
    }
  }
}
