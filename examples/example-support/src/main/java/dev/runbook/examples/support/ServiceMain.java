package dev.runbook.examples.support;

import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.core.Redactor;
import dev.runbook.core.Settings;
import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line every example shares: {@code serve} by default, the operator commands of
 * {@link BackupJobs#COMMANDS}, {@code help}; a bad setting or command exits 2.
 *
 * @param <C> the service's settings
 */
public final class ServiceMain<C> {

  /** What a service plugs in. */
  public interface Service<C> {
    /** Reads the settings; a bad one throws an {@link IllegalArgumentException} naming it. */
    C config(Settings settings);

    /** Runs the service until the JVM stops. */
    void serve(C config) throws Exception;

    /** The backup side, for the operator commands. */
    BackupJobs backupJobs(C config);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private final String name;
  private final Service<C> service;

  public ServiceMain(String name, Service<C> service) {
    this.name = name;
    this.service = service;
  }

  /** Runs one command; returns the exit code. */
  public int run(List<String> args, PrintStream out, PrintStream err) {
    String command = args.isEmpty() ? "serve" : args.get(0);
    C config;
    try {
      config = service.config(Settings.fromEnvironment());
    } catch (IllegalArgumentException e) {
      err.println(name + ": " + Redactor.defaults().redact(e));
      return BackupCommandLine.USAGE;
    }
    if (command.equals("serve")) {
      try {
        service.serve(config);
        return 0;
      } catch (Exception e) {
        String error = Redactor.defaults().redact(e);
        err.println(name + ": could not start: " + error);
        LOG.atError().setMessage("start_failed").addKeyValue("error", error).log();
        return 1;
      }
    }
    if (BackupJobs.COMMANDS.contains(command)) {
      return service.backupJobs(config).command(command, args.subList(1, args.size()), out, err);
    }
    if (List.of("help", "--help", "-h").contains(command)) {
      out.println(usage());
      return 0;
    }
    err.println(name + ": unknown command \"" + command + "\"\n" + usage());
    return BackupCommandLine.USAGE;
  }

  String usage() {
    return "usage: java -jar " + name + ".jar [serve | backup | list | verify <id|dir>"
        + " | restore-verify <id|dir> | prune [--dry-run] | sync] [--json]\n"
        + "settings come from the environment; see examples/" + name + "/README.md";
  }

  /** The version in the jar's manifest, or {@code dev} when run from classes. */
  public static String version(Class<?> main) {
    String v = main.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
