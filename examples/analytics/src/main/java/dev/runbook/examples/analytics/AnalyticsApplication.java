package dev.runbook.examples.analytics;

import dev.runbook.backup.cli.BackupCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The analytics platform of its runbook: a web API that queues ETL jobs, an orchestrator that runs
 * them, a reaper that puts jobs stuck in {@code processing} back in the queue after two hours,
 * nightly backups of the database with the service's config file, weekly drills, 30-day
 * retention, offsite copies, all on the runbook starter.
 *
 * <p>{@code java -jar analytics.jar} (or {@code serve}) serves; {@code backup}, {@code list},
 * {@code verify}, {@code restore-verify}, {@code restore}, {@code prune} and {@code sync} are the
 * operator commands, run on the same jar without a web server or schedules.
 */
@SpringBootApplication
public class AnalyticsApplication {

  /**
   * {@code HEALTH_PROBE_PATHS}, as in the other examples: {@code microprofile} and {@code
   * kubernetes} switch runbook's paths on; {@code actuator} is Spring Boot Actuator's own here.
   */
  static List<String> probePaths(String value) {
    List<String> properties = new java.util.ArrayList<>();
    for (String entry : value.split("[,\\s]+")) {
      switch (entry.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "" -> { }
        case "microprofile" -> properties.add("runbook.health.microprofile-paths=true");
        case "kubernetes" -> properties.add("runbook.health.kubernetes-paths=true");
        case "actuator" -> { } // /actuator/health is Actuator's, always on here
        default -> throw new IllegalArgumentException("HEALTH_PROBE_PATHS entry \"" + entry
            + "\" is not a probe path set; use any of microprofile, kubernetes, actuator");
      }
    }
    return properties;
  }

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "serve" : args[0];
    Files.createDirectories(Path.of(System.getenv().getOrDefault("DATA_DIR", "data")));
    List<String> probes;
    try {
      probes = probePaths(System.getenv().getOrDefault("HEALTH_PROBE_PATHS", ""));
    } catch (IllegalArgumentException e) {
      System.err.println("analytics: " + e.getMessage());
      System.exit(BackupCommandLine.USAGE);
      return;
    }
    if (command.equals("serve")) {
      new SpringApplicationBuilder(AnalyticsApplication.class)
          .properties(probes.toArray(String[]::new)).run();
      return;
    }
    if (!BackupCommandLine.commands().contains(command)) {
      System.err.println("analytics: unknown command \"" + command + "\"; use serve, or one of "
          + String.join(", ", BackupCommandLine.commands()));
      System.exit(BackupCommandLine.USAGE);
    }
    int status;
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
        AnalyticsApplication.class).web(WebApplicationType.NONE).logStartupInfo(false)
        // stdout carries the command's output (--json is parsed): Spring's own lines stay out
        .properties("runbook.backup.schedule=false", "analytics.schedules=false",
            "logging.level.root=WARN").run()) {
      status = context.getBean(BackupCommandLine.class).run(List.of(args), System.out,
          System.err);
    }
    System.exit(status);
  }
}
