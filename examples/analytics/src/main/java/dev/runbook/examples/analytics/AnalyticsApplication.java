package dev.runbook.examples.analytics;

import dev.runbook.backup.cli.BackupCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.SpringApplication;
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

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "serve" : args[0];
    Files.createDirectories(Path.of(System.getenv().getOrDefault("DATA_DIR", "data")));
    if (command.equals("serve")) {
      SpringApplication.run(AnalyticsApplication.class);
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
