package dev.runbook.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code runbook.*} properties. Every one has a default that is safe on the internet: no
 * details for anyone until an allowlist entry, a token or an authenticated principal says so.
 */
@ConfigurationProperties("runbook")
public class RunbookProperties {

  /** The service's name in payloads and logs; defaults to spring.application.name. */
  private String service;

  private final Health health = new Health();
  private final Jobs jobs = new Jobs();

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  public Health getHealth() {
    return health;
  }

  public Jobs getJobs() {
    return jobs;
  }

  /** {@code runbook.health.*}: the registry, the endpoint and its access gate. */
  public static class Health {

    /** Whether runbook's health endpoint is served. */
    private boolean enabled = true;

    /** A prefix for the routes, such as /ops; empty serves /ping and /health at the root. */
    private String basePath = "";

    /**
     * Addresses and CIDR blocks allowed to see details, e.g. 10.0.0.0/8 or ::1. Empty: none.
     */
    private List<String> allowlist = new ArrayList<>();

    /** Bearer tokens (16 characters or more) that may see details and reset state. */
    private List<String> tokens = new ArrayList<>();

    /** Proxies whose X-Forwarded-For is believed; the client address is read through them. */
    private List<String> trustedProxies = new ArrayList<>();

    /**
     * Whether a request with an authenticated principal (Spring Security, or the container's own
     * authentication) may see details and reset state.
     */
    private boolean principalIsCredential = true;

    /** The payload format without an Accept header: native, ietf, microprofile or actuator. */
    private String defaultFormat = "native";

    /** Also serve /livez and /readyz. */
    private boolean kubernetesPaths = false;

    /** Also serve /health/live, /health/ready and /health/started (MicroProfile's paths). */
    private boolean microprofilePaths = false;

    private final Actuator actuator = new Actuator();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getBasePath() {
      return basePath;
    }

    public void setBasePath(String basePath) {
      this.basePath = basePath;
    }

    public List<String> getAllowlist() {
      return allowlist;
    }

    public void setAllowlist(List<String> allowlist) {
      this.allowlist = allowlist;
    }

    public List<String> getTokens() {
      return tokens;
    }

    public void setTokens(List<String> tokens) {
      this.tokens = tokens;
    }

    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = trustedProxies;
    }

    public boolean isPrincipalIsCredential() {
      return principalIsCredential;
    }

    public void setPrincipalIsCredential(boolean principalIsCredential) {
      this.principalIsCredential = principalIsCredential;
    }

    public String getDefaultFormat() {
      return defaultFormat;
    }

    public void setDefaultFormat(String defaultFormat) {
      this.defaultFormat = defaultFormat;
    }

    public boolean isKubernetesPaths() {
      return kubernetesPaths;
    }

    public void setKubernetesPaths(boolean kubernetesPaths) {
      this.kubernetesPaths = kubernetesPaths;
    }

    public boolean isMicroprofilePaths() {
      return microprofilePaths;
    }

    public void setMicroprofilePaths(boolean microprofilePaths) {
      this.microprofilePaths = microprofilePaths;
    }

    public Actuator getActuator() {
      return actuator;
    }
  }

  /** {@code runbook.health.actuator.*}: both directions with Spring Boot Actuator. */
  public static class Actuator {

    /**
     * Show runbook's checks to Actuator as the composite contributor "runbook", one child a check
     * (usable in management.endpoint.health.group.*.include as runbook or runbook/name).
     */
    private boolean export = true;

    /**
     * Actuator health contributors to register in runbook's registry as checks of the same name,
     * e.g. db, diskSpace; empty imports none.
     */
    private List<String> include = new ArrayList<>();

    public boolean isExport() {
      return export;
    }

    public void setExport(boolean export) {
      this.export = export;
    }

    public List<String> getInclude() {
      return include;
    }

    public void setInclude(List<String> include) {
      this.include = include;
    }
  }

  /** {@code runbook.jobs.*}: the job monitor. */
  public static class Jobs {

    /** Consecutive failures at which a job counts as failing in the scheduler section. */
    private int failureThreshold = 3;

    /** Record every scheduled method as a job named bean.method, not only the annotated ones. */
    private boolean monitorAllScheduled = false;

    public boolean isMonitorAllScheduled() {
      return monitorAllScheduled;
    }

    public void setMonitorAllScheduled(boolean monitorAllScheduled) {
      this.monitorAllScheduled = monitorAllScheduled;
    }

    public int getFailureThreshold() {
      return failureThreshold;
    }

    public void setFailureThreshold(int failureThreshold) {
      this.failureThreshold = failureThreshold;
    }
  }
}
