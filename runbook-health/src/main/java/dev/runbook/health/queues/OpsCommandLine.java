package dev.runbook.health.queues;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.health.jobs.JobMonitor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The operator's commands for queues and pauses, beside a running service on the same host:
 * {@code pause <job>}, {@code resume <job>}, {@code queues} and {@code drain [--wait]}. Pauses go
 * through the job monitor's pause file, which the running service reads again when it changes,
 * so they take effect from its job's next run; {@code queues} and {@code drain} read the same
 * backends the service's {@code /health/queues} reads. Exit codes: 0 done, 1 failed or not
 * drained, 2 usage.
 */
public final class OpsCommandLine {

  /** The commands this handles. */
  public static final Set<String> COMMANDS = Set.of("pause", "resume", "queues", "drain");

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final JobMonitor jobs;
  private final QueueTriage triage;
  private final Duration waitLimit;
  private final Duration pollEvery;

  /**
   * @param jobs a monitor over the service's pause file with the service's jobs declared
   * @param waitLimit how long {@code drain --wait} waits for the queues to empty
   */
  public OpsCommandLine(JobMonitor jobs, QueueTriage triage, Duration waitLimit,
      Duration pollEvery) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.triage = Objects.requireNonNull(triage, "triage");
    this.waitLimit = waitLimit;
    this.pollEvery = pollEvery;
  }

  public int run(List<String> args, PrintStream out, PrintStream err) {
    String command = args.isEmpty() ? "" : args.get(0);
    try {
      switch (command) {
        case "pause", "resume" -> {
          if (args.size() != 2) {
            err.println("usage: " + command + " <job>");
            return 2;
          }
          boolean changed = command.equals("pause") ? jobs.pause(args.get(1))
              : jobs.resume(args.get(1));
          out.println(args.get(1) + (command.equals("pause")
              ? changed ? ": paused; its next run is skipped" : ": was paused already"
              : changed ? ": resumed from its next run" : ": was not paused"));
          return 0;
        }
        case "queues" -> {
          Map<String, Object> report = triage.report();
          out.println(JSON.writeValueAsString(report));
          return "offline".equals(report.get("status")) ? 1 : 0;
        }
        case "drain" -> {
          Map<String, Object> report = triage.drain();
          out.println("draining: paused " + ((Map<?, ?>) report.get("drain")).get("paused_jobs")
              + "; workers go on until the queues are empty; resume each feeder with"
              + " resume <job>");
          if (!args.contains("--wait")) {
            out.println(JSON.writeValueAsString(report));
            return 0;
          }
          long deadline = System.nanoTime() + waitLimit.toNanos();
          while (true) {
            Map<?, ?> drain = (Map<?, ?>) report.get("drain");
            out.println("remaining: " + drain.get("remaining"));
            if (Boolean.TRUE.equals(drain.get("drained"))) {
              out.println("drained");
              return 0;
            }
            if (System.nanoTime() > deadline) {
              err.println("not drained within " + waitLimit.toSeconds() + " s; "
                  + drain.get("remaining") + " left");
              return 1;
            }
            Thread.sleep(pollEvery.toMillis());
            report = triage.report();
          }
        }
        default -> {
          err.println("unknown command \"" + command + "\"; use one of " + COMMANDS);
          return 2;
        }
      }
    } catch (NoSuchElementException e) {
      err.println(e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      err.println(command + " failed: " + e.getMessage());
      return 1;
    }
  }
}
