package dev.runbook.backup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupException;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.DamagedBackup;
import dev.runbook.backup.DirectoryTarget;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.internal.Json;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.SyncReport;
import dev.runbook.backup.report.VerifyResult;
import dev.runbook.backup.spi.RestoreTarget;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's command line over a {@link BackupRepository}, for a service to expose on its own
 * jar: {@code backup}, {@code list}, {@code verify <id|dir>}, {@code restore-verify <id|dir>},
 * {@code restore <id> --confirm <id>}, {@code prune [--dry-run]} and {@code sync}. Output is for
 * people, or JSON with {@code --json}.
 *
 * <p>{@code restore} puts a backup back into the service's own data through the restore targets
 * the service names: it verifies the backup, takes a safety backup of the current state, restores
 * each target's artifact, and the target checks what it restored. It refuses unless {@code
 * --confirm} repeats the backup id.
 *
 * <p>Exit status: 0 when the command succeeded (a verification or drill passed); 1 when it ran and
 * failed (a damaged backup, a drill that failed or was inconclusive, a backup that could not be
 * written, a busy repository); 2 for a usage or configuration error.
 *
 * <pre>{@code
 * int status = new BackupCommandLine(repo, RetentionPolicy.fromSettings(settings),
 *     OffsiteTarget.fromSettings(settings).orElse(null)).run(List.of(args), System.out, System.err);
 * System.exit(status);
 * }</pre>
 */
public final class BackupCommandLine {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  static final String USAGE_TEXT = String.join("\n",
      "usage: <command> [--json] [--remote]",
      "  backup                    take a backup now; prints its folder on the last line",
      "  list                      list complete backups with their latest drill",
      "  verify <id|dir>           check files, sizes, SHA-256 and compressed streams",
      "  restore-verify <id|dir>   drill: verify, restore into scratch, integrity and row counts",
      "  restore <id> --confirm <id>  replace the service's data with backup <id>, after a safety"
          + " backup",
      "  prune [--dry-run]         apply retention; --dry-run only prints the plan",
      "  sync                      copy missing backups to BACKUP_REMOTE, then apply retention"
          + " there",
      "  --remote                  with list, verify, restore-verify or restore: read the"
          + " backups in BACKUP_REMOTE (a folder or a bucket), for a host that lost its own;"
          + " restore fetches the backup into the local folder first");

  private final BackupRepository repo;
  private final RetentionPolicy retention;
  private final OffsiteTarget offsite;
  private final List<RestoreTarget> restoreTargets;
  /** Where the backups are, for output, when {@code repo} is a local copy of them; else null. */
  private final String shownAs;

  /**
   * A command line without {@code restore}.
   *
   * @param offsite the target for {@code sync}, or null when none is configured
   */
  public BackupCommandLine(BackupRepository repo, RetentionPolicy retention,
      OffsiteTarget offsite) {
    this(repo, retention, offsite, List.of());
  }

  /**
   * @param offsite the target for {@code sync}, or null when none is configured
   * @param restoreTargets where {@code restore} writes, one per artifact it puts back (e.g. the
   *     service's database); empty refuses {@code restore}
   */
  public BackupCommandLine(BackupRepository repo, RetentionPolicy retention,
      OffsiteTarget offsite, List<RestoreTarget> restoreTargets) {
    this(repo, retention, offsite, restoreTargets, null);
  }

  private BackupCommandLine(BackupRepository repo, RetentionPolicy retention,
      OffsiteTarget offsite, List<RestoreTarget> restoreTargets, String shownAs) {
    this.shownAs = shownAs;
    this.repo = Objects.requireNonNull(repo, "repo");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.offsite = offsite;
    this.restoreTargets = List.copyOf(restoreTargets);
  }

  /** The commands this line understands, for a service's own usage text. */
  public static List<String> commands() {
    return List.of("backup", "list", "verify", "restore-verify", "restore", "prune", "sync");
  }

  /** Runs one command; returns the exit status. */
  public int run(List<String> args, PrintStream out, PrintStream err) {
    boolean json = false;
    boolean dryRun = false;
    boolean remote = false;
    String confirmation = null;
    List<String> words = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--json")) {
        json = true;
      } else if (arg.equals("--dry-run")) {
        dryRun = true;
      } else if (arg.equals("--remote")) {
        remote = true;
      } else if (arg.equals("--confirm")) {
        if (i + 1 >= args.size()) {
          return usage(err, "--confirm needs the backup id, repeated: restore <id> --confirm <id>");
        }
        confirmation = args.get(++i);
      } else if (arg.startsWith("--")) {
        return usage(err, "unknown option " + arg);
      } else {
        words.add(arg);
      }
    }
    if (words.isEmpty()) {
      return usage(err, "no command given");
    }
    String command = words.get(0);
    List<String> rest = words.subList(1, words.size());
    if (dryRun && !command.equals("prune")) {
      return usage(err, "--dry-run applies to prune only");
    }
    if (confirmation != null && !command.equals("restore")) {
      return usage(err, "--confirm applies to restore only");
    }
    if (remote) {
      return remote(command, rest, confirmation, args, out, err);
    }
    Output o = new Output(out, json);
    try {
      switch (command) {
        case "backup":
          return noArgs(command, rest, err) ? backup(o) : USAGE;
        case "list":
          return noArgs(command, rest, err) ? list(o) : USAGE;
        case "verify":
          return rest.size() == 1 ? verify(o, rest.get(0))
              : usage(err, "verify needs one backup id or folder");
        case "restore-verify":
          return rest.size() == 1 ? drill(o, rest.get(0))
              : usage(err, "restore-verify needs one backup id or folder");
        case "restore":
          return restore(o, rest, confirmation, err);
        case "prune":
          return noArgs(command, rest, err) ? prune(o, dryRun) : USAGE;
        case "sync":
          if (!noArgs(command, rest, err)) {
            return USAGE;
          }
          if (offsite == null) {
            err.println("sync: no offsite target is configured; set BACKUP_REMOTE to a folder, a"
                + " file: URI or an s3:// bucket");
            return USAGE;
          }
          return sync(o);
        default:
          return usage(err, "unknown command \"" + command + "\"");
      }
    } catch (BackupException | UncheckedIOException e) {
      String error = repo.redact(e);
      err.println(command + " failed: " + error);
      if (json) {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("command", command);
        failed.put("outcome", "fail");
        failed.put("error", error);
        return o.json(failed, FAILED);
      }
      return FAILED;
    }
  }

  /**
   * {@code --remote}: a folder target is read in place; object storage through a fresh local copy
   * of what the command needs. {@code restore --remote} first fetches the backup into the local
   * repository, so the restore, its verification and its safety backup run as they do locally.
   */
  private int remote(String command, List<String> rest, String confirmation, List<String> args,
      PrintStream out, PrintStream err) {
    if (!List.of("list", "verify", "restore-verify", "restore").contains(command)) {
      return usage(err, "--remote applies to list, verify, restore-verify and restore");
    }
    if (offsite == null) {
      err.println(command + " --remote: no offsite target is configured; set BACKUP_REMOTE to the"
          + " offsite folder or bucket the backups were synced to");
      return USAGE;
    }
    List<String> local = new ArrayList<>(args);
    local.remove("--remote");
    boolean json = local.contains("--json");
    if (!command.equals("list") && rest.size() != 1) {
      return usage(err, command + " --remote needs one backup id that list --remote shows");
    }
    try {
      if (command.equals("restore")) {
        if (restoreTargets.isEmpty() || confirmation == null) {
          return run(local, out, err); // refused before anything is fetched
        }
        Backup fetched = repo.fetch(offsite, rest.get(0));
        if (!json) {
          out.println("backup " + fetched.id() + " from " + offsite.describe() + " is in "
              + fetched.folder());
        }
        return run(local, out, err);
      }
      if (offsite instanceof DirectoryTarget) {
        return new BackupCommandLine(repo.at(((DirectoryTarget) offsite).dir()), retention, null,
            List.of()).run(local, out, err);
      }
      if (command.equals("list")) {
        return repo.withOffsiteManifests(offsite, copy -> new BackupCommandLine(copy, retention,
            null, List.of(), offsite.describe()).run(local, out, err));
      }
      return repo.withOffsiteCopy(offsite, rest.get(0), copy -> new BackupCommandLine(copy,
          retention, null, List.of(), offsite.describe()).run(local, out, err));
    } catch (BackupException | UncheckedIOException e) {
      err.println(command + " --remote failed: " + repo.redact(e));
      return FAILED;
    }
  }

  private static boolean noArgs(String command, List<String> rest, PrintStream err) {
    if (rest.isEmpty()) {
      return true;
    }
    usage(err, command + " takes no arguments, got " + rest);
    return false;
  }

  private static int usage(PrintStream err, String problem) {
    err.println(problem);
    err.println(USAGE_TEXT);
    return USAGE;
  }

  private int backup(Output o) {
    Backup b = repo.backup();
    if (o.json) {
      return o.json(Map.of("folder", b.folder().toString(), "manifest", b.manifest()), OK);
    }
    o.line("backup %s completed: %d artifacts, %s stored, %d ms", b.id(),
        b.manifest().artifacts().size(), Output.bytes(b.manifest().storedBytes()),
        b.manifest().durationMs());
    b.manifest().artifacts().forEach(a -> o.line("  %-12s %-10s %-28s %10s  sha256 %s", a.name(),
        a.kind(), a.file(), Output.bytes(a.storedBytes()), a.sha256()));
    o.line("%s", b.folder());
    return OK;
  }

  private int restore(Output o, List<String> rest, String confirmation, PrintStream err) {
    if (rest.size() != 1) {
      return usage(err, "restore needs one backup id: restore <id> --confirm <id>");
    }
    if (restoreTargets.isEmpty()) {
      err.println("restore: this service names no restore target; restore by hand (see the"
          + " README's \"Restoring by hand\")");
      return USAGE;
    }
    String id = rest.get(0);
    if (confirmation == null) {
      err.println("restore replaces the service's data with backup " + id + "; it takes a safety"
          + " backup first, but confirm by repeating the id: restore " + id + " --confirm " + id);
      return USAGE;
    }
    List<Map<String, Object>> restored = new ArrayList<>();
    for (RestoreTarget target : restoreTargets) {
      Backup safety = repo.restore(id, target, confirmation);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("artifact", target.artifact());
      row.put("target", target.describe());
      row.put("safety_backup_id", safety == null ? null : safety.id());
      restored.add(row);
      if (!o.json) {
        o.line("restored %s of backup %s into %s", target.artifact(), id, target.describe());
        o.line("  checked after the restore: row counts match the manifest");
        if (safety == null) {
          o.line("  there was no data before it, so no safety backup was taken");
        } else {
          o.line("  the state before it is in safety backup %s (restore %s --confirm %s undoes"
              + " it)", safety.id(), safety.id(), safety.id());
        }
      }
    }
    if (o.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("command", "restore");
      result.put("outcome", "pass");
      result.put("backup_id", id);
      result.put("restored", restored);
      return o.json(result, OK);
    }
    return OK;
  }

  private int list(Output o) {
    List<Backup> backups = repo.list();
    Map<String, String> damaged = new LinkedHashMap<>();
    repo.damaged().forEach(d -> damaged.put(d.id(), d.reason()));
    if (o.json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Backup b : backups) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", b.id());
        row.put("folder", where(b.id(), b.folder()));
        row.put("created_at", b.createdAt().toString());
        row.put("stored_bytes", b.manifest().storedBytes());
        row.put("artifacts", b.manifest().artifacts().size());
        row.put("label", b.manifest().label());
        row.put("last_drill", b.latestDrill().map(d -> d.outcome().wireName()).orElse(null));
        row.put("last_drill_at", b.latestDrill().map(d -> d.finishedAt().toString())
            .orElse(null));
        row.put("damaged", damaged.remove(b.id()));
        rows.add(row);
      }
      for (DamagedBackup d : repo.damaged()) {
        if (damaged.containsKey(d.id())) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("id", d.id());
          row.put("folder", where(d.id(), d.folder()));
          row.put("created_at", d.createdAt().toString());
          row.put("damaged", d.reason());
          rows.add(row);
        }
      }
      return o.json(rows, OK);
    }
    if (backups.isEmpty() && damaged.isEmpty()) {
      o.line("no backups in %s", shownAs != null ? shownAs : repo.root());
      return OK;
    }
    o.line("%-20s %-24s %10s %9s  %s", "ID", "CREATED", "SIZE", "ARTIFACTS", "LAST DRILL");
    for (Backup b : backups) {
      String damage = damaged.remove(b.id());
      o.line("%-20s %-24s %10s %9d  %s%s%s", b.id(), b.createdAt(),
          Output.bytes(b.manifest().storedBytes()), b.manifest().artifacts().size(),
          b.latestDrill().map(d -> d.outcome().wireName() + " at " + d.finishedAt())
              .orElse("never"),
          b.manifest().label() == null ? "" : "  (" + b.manifest().label() + ")",
          damage == null ? "" : "  DAMAGED: " + damage);
    }
    damaged.forEach((id, reason) -> o.line("%-20s %-24s %10s %9s  DAMAGED: %s; run verify %s",
        id, "?", "?", "?", reason, id));
    return OK;
  }

  private String where(String id, java.nio.file.Path folder) {
    return shownAs != null ? shownAs + "/" + id : folder.toString();
  }

  private int verify(Output o, String which) {
    VerifyResult r = repo.verify(repo.resolve(which));
    int status = r.passed() ? OK : FAILED;
    if (o.json) {
      ObjectNode node = Json.mapper().createObjectNode()
          .put("outcome", r.passed() ? "pass" : "fail");
      node.setAll((ObjectNode) Json.mapper().valueToTree(r));
      return o.json(node, status);
    }
    o.line("verify %s: %s (%d files checked in %d ms)", r.backupId(), r.passed() ? "pass" : "FAIL",
        r.filesChecked(), r.durationMs());
    r.problems().forEach(p -> o.line("  %s", p));
    return status;
  }

  private int drill(Output o, String which) {
    DrillReport r = repo.restoreVerify(repo.resolve(which));
    int status = r.passed() ? OK : FAILED;
    if (o.json) {
      return o.json(r, status);
    }
    DrillText.print(r, o);
    return status;
  }

  private int prune(Output o, boolean dryRun) {
    RetentionPlan plan = repo.prune(retention, dryRun);
    if (o.json) {
      return o.json(plan, OK);
    }
    DrillText.print(plan, o, "");
    return OK;
  }

  private int sync(Output o) {
    SyncReport report = repo.sync(offsite);
    RetentionPlan plan = report.passed() ? repo.pruneOffsite(offsite, retention, false) : null;
    int status = report.passed() ? OK : FAILED;
    if (o.json) {
      Map<String, Object> both = new LinkedHashMap<>();
      both.put("sync", report);
      both.put("retention", plan);
      return o.json(both, status);
    }
    o.line("sync to %s: %s (%d pushed, %d already there, %d ms)", report.target(),
        report.passed() ? "pass" : "FAIL", report.pushed().size(), report.present().size(),
        report.durationMs());
    report.pushed().forEach(id -> o.line("  pushed %s", id));
    report.failed().forEach((id, why) -> o.line("  FAILED %s: %s", id, why));
    if (plan != null) {
      DrillText.print(plan, o, "offsite ");
    }
    return status;
  }

  /** Where a command writes: lines for people or one JSON document. */
  static final class Output {
    final PrintStream out;
    final boolean json;

    Output(PrintStream out, boolean json) {
      this.out = out;
      this.json = json;
    }

    void line(String format, Object... args) {
      out.println(String.format(java.util.Locale.ROOT, format, args));
    }

    int json(Object value, int status) {
      out.print(new String(Json.write(value), java.nio.charset.StandardCharsets.UTF_8));
      return status;
    }

    static String bytes(long n) {
      if (n < 1024) {
        return n + " B";
      }
      String[] units = {"KiB", "MiB", "GiB", "TiB"};
      double v = n;
      int u = -1;
      while (v >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
      }
      return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
  }
}
