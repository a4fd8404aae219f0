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
  private final Backup backup = new Backup();

  /**
   * Circuit-breaker policy of the ingestion sources: runbook.sources.cooldown=60s for every source,
   * runbook.sources.tmdb.cooldown=2m for one (fields: failure-rate, minimum-calls, window,
   * cooldown, half-open-calls, slow-call, slow-call-rate, max-retry-after, critical).
   */
  private java.util.Map<String, String> sources = new java.util.LinkedHashMap<>();

  /**
   * SLOs judged on the application's requests: runbook.slo.availability=99.5%,
   * runbook.slo.latency-p95=500ms, runbook.slo.error-rate=1% (each with -warning and -critical),
   * runbook.slo.route-groups=api=/api, runbook.slo.window, runbook.slo.period,
   * runbook.slo.critical-is-down; the library's SLO_* settings. None set: no slo section.
   */
  private java.util.Map<String, String> slo = new java.util.LinkedHashMap<>();

  /**
   * Where alerts go: runbook.alerts.file (a JSON Lines file), webhook-url, webhook-format
   * (generic, slack), smtp-host, smtp-port, smtp-security, smtp-from, smtp-to, smtp-user,
   * smtp-password, smtp-timeout, interval (30s), renotify (4h); the library's ALERT(S)_* settings.
   */
  private java.util.Map<String, String> alerts = new java.util.LinkedHashMap<>();

  public java.util.Map<String, String> getSlo() {
    return slo;
  }

  public void setSlo(java.util.Map<String, String> slo) {
    this.slo = slo;
  }

  public java.util.Map<String, String> getAlerts() {
    return alerts;
  }

  public void setAlerts(java.util.Map<String, String> alerts) {
    this.alerts = alerts;
  }

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

  public java.util.Map<String, String> getSources() {
    return sources;
  }

  public void setSources(java.util.Map<String, String> sources) {
    this.sources = sources;
  }

  public Backup getBackup() {
    return backup;
  }

  /** {@code runbook.backup.*}: backups of the application's DataSource, proven by drills. */
  public static class Backup {

    /** Back up the application's DataSource (SQLite or PostgreSQL). */
    private boolean enabled = true;

    /** Schedule the nightly backup, the drill and retention on the job monitor. */
    private boolean schedule = true;

    /** The backups folder. */
    private String dir = "data/backups";

    /** Files backed up in the same set as the artifact "config", e.g. .env or unit files. */
    private List<String> files = new ArrayList<>();

    /** How long every backup is kept; a bare number is days. */
    @org.springframework.boot.convert.DurationUnit(java.time.temporal.ChronoUnit.DAYS)
    private java.time.Duration retention = java.time.Duration.ofDays(30);

    /** The newest backups kept whatever their age. */
    private int keepLast = 7;

    /** How often a backup is taken; a bare number is hours. */
    @org.springframework.boot.convert.DurationUnit(java.time.temporal.ChronoUnit.HOURS)
    private java.time.Duration interval = java.time.Duration.ofHours(24);

    /** How often the newest backup is restored in a drill; a bare number is days. */
    @org.springframework.boot.convert.DurationUnit(java.time.temporal.ChronoUnit.DAYS)
    private java.time.Duration drillInterval = java.time.Duration.ofDays(7);

    /** Where drills restore into (an absolute path); empty: inside the backups folder. */
    private String scratchDir;

    /** The longest one run of pg_dump or pg_restore may take; a bare number is hours. */
    @org.springframework.boot.convert.DurationUnit(java.time.temporal.ChronoUnit.HOURS)
    private java.time.Duration toolTimeout = java.time.Duration.ofHours(6);

    /** Offsite copies: a folder, a file: URI or s3://bucket/prefix; empty for none. */
    private String remote;

    /** age recipients (age1...) to encrypt new backups for; empty for no encryption. */
    private String ageRecipients;

    /** The age identity file that drills and restores decrypt with. */
    private String ageIdentityFile;

    private final S3 s3 = new S3();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isSchedule() {
      return schedule;
    }

    public void setSchedule(boolean schedule) {
      this.schedule = schedule;
    }

    public String getDir() {
      return dir;
    }

    public void setDir(String dir) {
      this.dir = dir;
    }

    public List<String> getFiles() {
      return files;
    }

    public void setFiles(List<String> files) {
      this.files = files;
    }

    public java.time.Duration getRetention() {
      return retention;
    }

    public void setRetention(java.time.Duration retention) {
      this.retention = retention;
    }

    public int getKeepLast() {
      return keepLast;
    }

    public void setKeepLast(int keepLast) {
      this.keepLast = keepLast;
    }

    public java.time.Duration getInterval() {
      return interval;
    }

    public void setInterval(java.time.Duration interval) {
      this.interval = interval;
    }

    public java.time.Duration getDrillInterval() {
      return drillInterval;
    }

    public void setDrillInterval(java.time.Duration drillInterval) {
      this.drillInterval = drillInterval;
    }

    public String getScratchDir() {
      return scratchDir;
    }

    public void setScratchDir(String scratchDir) {
      this.scratchDir = scratchDir;
    }

    public java.time.Duration getToolTimeout() {
      return toolTimeout;
    }

    public void setToolTimeout(java.time.Duration toolTimeout) {
      this.toolTimeout = toolTimeout;
    }

    public String getRemote() {
      return remote;
    }

    public void setRemote(String remote) {
      this.remote = remote;
    }

    public String getAgeRecipients() {
      return ageRecipients;
    }

    public void setAgeRecipients(String ageRecipients) {
      this.ageRecipients = ageRecipients;
    }

    public String getAgeIdentityFile() {
      return ageIdentityFile;
    }

    public void setAgeIdentityFile(String ageIdentityFile) {
      this.ageIdentityFile = ageIdentityFile;
    }

    public S3 getS3() {
      return s3;
    }
  }

  /** {@code runbook.backup.s3.*}: with an s3:// remote (credentials from the AWS chain). */
  public static class S3 {

    /** An S3-compatible server's address; unset for AWS. */
    private String endpoint;

    /** The bucket's region. */
    private String region;

    /** Path-style addressing; default true with an endpoint. */
    private Boolean pathStyle;

    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public Boolean getPathStyle() {
      return pathStyle;
    }

    public void setPathStyle(Boolean pathStyle) {
      this.pathStyle = pathStyle;
    }
  }

  /** {@code runbook.health.*}: the registry, the endpoint and its access gate. */
  public static class Health {

    /** Whether runbook's health endpoint is served. */
    private boolean enabled = true;

    /**
     * Where the endpoint is served: application (the application's port) or management (where
     * Actuator serves, management.server.port when set).
     */
    private String server = "application";

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

    /**
     * Who may use /health/queues and drain, beyond holding a credential: token names
     * (runbook.health.tokens entries name:token) or principals; empty for any credential.
     */
    private List<String> opsAdmins = new java.util.ArrayList<>();

    private final Actuator actuator = new Actuator();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getOpsAdmins() {
      return opsAdmins;
    }

    public void setOpsAdmins(List<String> opsAdmins) {
      this.opsAdmins = opsAdmins;
    }

    public String getServer() {
      return server;
    }

    public void setServer(String server) {
      this.server = server;
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

    /** The jobs that feed the queues, which POST /health/queues/drain pauses. */
    private List<String> feeders = new java.util.ArrayList<>();

    public List<String> getFeeders() {
      return feeders;
    }

    public void setFeeders(List<String> feeders) {
      this.feeders = feeders;
    }

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
