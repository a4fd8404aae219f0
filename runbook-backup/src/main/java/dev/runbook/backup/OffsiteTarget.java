package dev.runbook.backup;

import dev.runbook.backup.internal.Layout;
import dev.runbook.core.Redactor;
import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Somewhere off this host that keeps copies of backups: a mounted folder today ({@link
 * DirectoryTarget}); object storage or {@code user@host:/path} implement the same four verbs.
 *
 * <p>A target never publishes a copy it has not confirmed: {@link #push} uploads under a temporary
 * name, checks every file's SHA-256 on the target against the manifest, and only then makes the
 * backup visible under its id.
 */
public interface OffsiteTarget {

  /** Where the target points, for logs and errors, e.g. {@code file:/mnt/offsite/bibliotheca}. */
  String describe();

  /** The ids of the complete backups on the target. */
  List<String> list() throws IOException;

  /**
   * Copies the backup in {@code folder} to the target and publishes it as {@code id} once every
   * file's checksum on the target matches {@code manifest}.
   *
   * @throws BackupException when a checksum on the target does not match; nothing is published
   */
  void push(String id, Path folder, Manifest manifest) throws IOException;

  /** Copies backup {@code id} from the target into the new folder {@code into}. */
  void fetch(String id, Path into) throws IOException;

  /** Removes backup {@code id} from the target. */
  void delete(String id) throws IOException;

  /**
   * Removes what interrupted pushes and deletions left on the target (a partial upload, a
   * half-deleted folder), never a published backup, and returns their names. {@link
   * BackupRepository#sync} and {@link BackupRepository#pruneOffsite} call it first, holding the
   * repository's sync lock, so it never races a push of the same repository: a target belongs to
   * one repository. Nothing by default.
   */
  default List<String> removeLeftovers() throws IOException {
    return List.of();
  }

  /**
   * The target a {@code BACKUP_REMOTE} value names. Supported today: a local path ({@code
   * /mnt/offsite/bibliotheca}) or a {@code file:} URI ({@code file:///mnt/offsite/bibliotheca}),
   * for a mounted disk or network share.
   *
   * @throws IllegalArgumentException for any other scheme, naming the supported ones
   */
  static OffsiteTarget fromRemote(String remote) {
    String value = remote == null ? "" : remote.trim();
    String shown = Redactor.defaults().redact(value); // a URL's user-info never reaches an error
    if (value.isEmpty()) {
      throw new IllegalArgumentException("remote is empty; give a local path or a file: URI");
    }
    if (value.toLowerCase(Locale.ROOT).startsWith("file:")) {
      Path folder;
      try {
        folder = Path.of(new URI(value));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IllegalArgumentException("remote \"" + shown + "\" is not a valid file: URI"
            + " (use file:///absolute/path): " + e.getMessage(), e);
      }
      return new DirectoryTarget(usableFolder(shown, folder));
    }
    java.util.regex.Matcher scheme = Layout.URI_SCHEME.matcher(value);
    boolean hasScheme = scheme.find();
    if (hasScheme || value.matches("[^/]+@[^/]+:.*")) {
      String name = hasScheme ? "the scheme " + scheme.group(1) + ":" : "user@host:/path";
      throw new IllegalArgumentException("remote \"" + shown + "\" uses " + name
          + ", which is not supported yet; supported: a local path such as /mnt/offsite or a"
          + " file: URI such as file:///mnt/offsite");
    }
    return new DirectoryTarget(usableFolder(shown, Path.of(value)));
  }

  /**
   * The folder a remote names, if it can be one: absolute (a relative path would depend on the
   * folder the service was started from), a folder if it exists, and on a parent that exists (a
   * missing parent is usually an unmounted disk).
   */
  private static Path usableFolder(String shown, Path folder) {
    if (!folder.isAbsolute()) {
      throw new IllegalArgumentException("remote \"" + shown + "\" is a relative path; give an"
          + " absolute one, e.g. /mnt/offsite/bibliotheca, so it does not depend on the folder the"
          + " service starts in");
    }
    if (java.nio.file.Files.exists(folder) && !java.nio.file.Files.isDirectory(folder)) {
      throw new IllegalArgumentException("remote \"" + shown + "\" is a file, not a folder;"
          + " give the folder the backups should be copied into");
    }
    Path parent = folder.getParent();
    if (!java.nio.file.Files.exists(folder) && parent != null
        && !java.nio.file.Files.isDirectory(parent)) {
      throw new IllegalArgumentException("remote \"" + shown + "\" cannot be created: " + parent
          + " does not exist; mount the offsite disk or create the folder first");
    }
    return folder;
  }

  /**
   * The target {@code BACKUP_REMOTE} names, or empty when it is not set.
   *
   * @throws SettingsException naming {@code BACKUP_REMOTE} when its value is not supported
   */
  static Optional<OffsiteTarget> fromSettings(Settings settings) {
    Optional<String> remote = settings.string("BACKUP_REMOTE");
    if (remote.isEmpty() || remote.get().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromRemote(remote.get()));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("BACKUP_REMOTE",
          "BACKUP_REMOTE" + e.getMessage().substring("remote".length()), e);
    }
  }
}
