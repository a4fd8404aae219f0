package dev.runbook.backup.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The names in a repository folder. Backups are folders named by their UTC start time; everything
 * the repository keeps for itself starts with a dot, so a listing shows backups only.
 */
public final class Layout {

  public static final String MANIFEST = dev.runbook.backup.Manifest.FILE_NAME;
  public static final String CHECKSUMS = dev.runbook.backup.Manifest.CHECKSUM_FILE_NAME;
  public static final String STAGING_PREFIX = ".staging-";
  public static final String SCRATCH_PREFIX = ".scratch-";
  /** A folder being checked for readers before deletion; put back if the check fails. */
  public static final String DELETING_PREFIX = ".deleting-";
  /** A folder whose deletion is decided; a crash leaves it for the next prune to finish. */
  public static final String DELETED_PREFIX = ".deleted-";
  public static final String INCOMING_PREFIX = ".incoming-";
  public static final String LOCK_FILE = ".lock";
  /** Held by offsite syncs and prunes, which may run beside a backup but not beside each other. */
  public static final String SYNC_LOCK_FILE = ".sync.lock";
  public static final String READERS = ".readers";
  public static final String OFFSITE_STATE = ".offsite.json";
  public static final String DRILL_PREFIX = "drill-";
  /** What drill records were called before 0.2; still read, never written. */
  public static final String LEGACY_DRILL_PREFIX = "verify-";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}Z(-\\d{1,4})?");
  private static final Pattern DRILL =
      Pattern.compile("(drill|verify)-\\d{8}T\\d{6}Z(-\\d{1,4})?\\.json");
  private static final Pattern DRILL_SUM =
      Pattern.compile("drill-\\d{8}T\\d{6}Z(-\\d{1,4})?\\.json\\.sha256");
  private static final Pattern DRILL_TEMP = Pattern.compile("\\.(drill|verify)-.*\\.tmp");

  /** A URI scheme such as {@code s3:} or {@code sftp:}; a Windows drive letter is not one. */
  public static final Pattern URI_SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+):");

  private Layout() {}

  /** {@code 20261122T031500Z} for 2026-11-22T03:15:00.123Z. */
  public static String stamp(Instant instant) {
    return STAMP.format(instant);
  }

  /** The instant a stamp names, to the second. */
  public static Instant parseStamp(String id) {
    String base = id.length() > 16 ? id.substring(0, 16) : id;
    return STAMP.parse(base, Instant::from);
  }

  public static boolean isBackupId(String name) {
    return ID.matcher(name).matches();
  }

  public static boolean isDrillRecord(String name) {
    return DRILL.matcher(name).matches();
  }

  /** A drill record's checksum file, {@code drill-<timestamp>.json.sha256}. */
  public static boolean isDrillChecksum(String name) {
    return DRILL_SUM.matcher(name).matches();
  }

  /** The checksum file of drill record {@code record}. */
  public static String drillChecksum(String record) {
    return record + ".sha256";
  }

  /** A drill record's temporary file left by a crash; harmless, removed by the next drill. */
  public static boolean isDrillTemp(String name) {
    return DRILL_TEMP.matcher(name).matches();
  }

  /** Whether a repository entry is work in progress that a crash may leave behind. */
  public static boolean isLeftover(String name) {
    return name.startsWith(STAGING_PREFIX) || name.startsWith(SCRATCH_PREFIX)
        || name.startsWith(INCOMING_PREFIX);
  }
}
