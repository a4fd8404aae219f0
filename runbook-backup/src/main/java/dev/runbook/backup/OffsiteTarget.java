package dev.runbook.backup;

import dev.runbook.backup.internal.Layout;
import dev.runbook.backup.spi.OffsiteTargetProvider;
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
import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * Somewhere off this host that keeps copies of backups: a mounted folder ({@link
 * DirectoryTarget}), or object storage from a module such as {@code runbook-backup-s3}, found
 * through {@link dev.runbook.backup.spi.OffsiteTargetProvider}.
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

  /**
   * Copies the files of backup {@code id} whose names {@code include} accepts into the new folder
   * {@code into}; {@code list --remote} takes the manifests and drill records only. By default
   * fetches every file and removes the others; targets override it to skip them.
   */
  default void fetch(String id, Path into, Predicate<String> include) throws IOException {
    fetch(id, into);
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(into)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!include.test(file.getFileName().toString())) {
          java.nio.file.Files.delete(file);
        }
      }
    }
  }

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
   * The target a {@code BACKUP_REMOTE} value names: a local path ({@code
   * /mnt/offsite/bibliotheca}) or a {@code file:} URI ({@code file:///mnt/offsite/bibliotheca}),
   * for a mounted disk or network share, or a scheme an {@link OffsiteTargetProvider} on the class
   * path serves ({@code s3://bucket/prefix} with {@code runbook-backup-s3}), configured from no
   * other setting.
   *
   * @throws IllegalArgumentException for any other scheme, naming the supported ones
   */
  static OffsiteTarget fromRemote(String remote) {
    return fromRemote(remote, Settings.of(java.util.Map.of()));
  }

  /**
   * The target a {@code BACKUP_REMOTE} value names, as {@link #fromRemote(String)}, with the
   * settings a provider reads beside it (such as {@code BACKUP_S3_ENDPOINT}).
   */
  static OffsiteTarget fromRemote(String remote, Settings settings) {
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
    List<String> served = new java.util.ArrayList<>();
    if (hasScheme) {
      String wanted = scheme.group(1).toLowerCase(Locale.ROOT);
      for (OffsiteTargetProvider provider : ServiceLoader.load(OffsiteTargetProvider.class,
          OffsiteTarget.class.getClassLoader())) {
        if (provider.scheme().equals(wanted)) {
          return provider.create(value, settings);
        }
        served.add(provider.scheme() + "://");
      }
    }
    if (hasScheme || value.matches("[^/]+@[^/]+:.*")) {
      String name = hasScheme ? "the scheme " + scheme.group(1) + ":" : "user@host:/path";
      String hint = hasScheme && scheme.group(1).equalsIgnoreCase("s3")
          ? "; s3:// needs the module runbook-backup-s3 on the class path" : "";
      throw new IllegalArgumentException("remote \"" + shown + "\" uses " + name
          + ", which is not supported" + hint + "; supported: a local path such as /mnt/offsite,"
          + " a file: URI such as file:///mnt/offsite"
          + (served.isEmpty() ? "" : ", " + String.join(", ", served)));
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
    String scheme = remote.map(r -> Layout.URI_SCHEME.matcher(r.strip()))
        .filter(java.util.regex.Matcher::find).map(m -> m.group(1).toLowerCase(Locale.ROOT))
        .orElse("");
    // each provider's own settings (BACKUP_S3_* for s3) mean nothing beside another remote
    for (OffsiteTargetProvider provider : ServiceLoader.load(OffsiteTargetProvider.class,
        OffsiteTarget.class.getClassLoader())) {
      String other = provider.scheme();
      String prefix = "BACKUP_" + other.toUpperCase(Locale.ROOT) + "_";
      java.util.Set<String> stray = settings.namesStartingWith(prefix);
      if (!stray.isEmpty() && !scheme.equals(other)) {
        String key = stray.stream().sorted().findFirst().orElseThrow();
        throw new SettingsException(key, key + " is set but BACKUP_REMOTE is not an " + other
            + ":// address, so nothing reads it; set BACKUP_REMOTE=" + other
            + "://bucket/prefix, or unset " + String.join(", ", new java.util.TreeSet<>(stray)),
            null);
      }
    }
    if (remote.isEmpty() || remote.get().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromRemote(remote.get(), settings));
    } catch (SettingsException e) {
      throw e; // a provider's own setting, already named
    } catch (IllegalArgumentException e) {
      throw new SettingsException("BACKUP_REMOTE",
          "BACKUP_REMOTE" + e.getMessage().substring("remote".length()), e);
    }
  }
}
