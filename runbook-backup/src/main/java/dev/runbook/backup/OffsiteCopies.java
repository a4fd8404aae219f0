package dev.runbook.backup;

import dev.runbook.backup.internal.Fs;
import dev.runbook.backup.internal.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;

/**
 * Local copies of backups that live on an offsite target which is no folder (object storage), so
 * that list, verify, drills and restores read them as they read a repository of their own.
 */
final class OffsiteCopies {

  private final BackupRepository repo;
  private final OffsiteTarget target;

  OffsiteCopies(BackupRepository repo, OffsiteTarget target) {
    this.repo = repo;
    this.target = target;
  }

  /**
   * Fetches backup {@code id} into the repository, under the lock: into an {@code .incoming-}
   * folder first (which the next backup removes if this run is killed), verified there, then
   * renamed to its id. A backup already here is left as it is; a damaged one is not published.
   */
  Backup fetchInto(String id) {
    requireId(id);
    return repo.locked("fetch of " + id + " from " + target.describe(), () -> {
      java.util.Optional<Backup> present = repo.find(id);
      if (present.isPresent()) {
        return present.get();
      }
      Path root = repo.root();
      if (Files.exists(root.resolve(id))) {
        throw new BackupException(root.resolve(id) + " exists but is not a complete backup;"
            + " move it aside, then fetch " + id + " again");
      }
      Files.createDirectories(root);
      Path incoming = root.resolve(Layout.INCOMING_PREFIX + id + "-" + UUID.randomUUID());
      try {
        fetchChecked(id, incoming);
        dev.runbook.backup.report.VerifyResult verified = repo.verifyAs(id, incoming);
        if (!verified.passed()) {
          throw new BackupException("backup " + id + " on " + target.describe() + " failed"
              + " verification and was not fetched: " + verified.problems() + "; run verify " + id
              + " --remote, and restore another backup");
        }
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(incoming)) {
          for (Path file : files) {
            Fs.fsync(file);
          }
        }
        Fs.fsyncDirectory(incoming);
        Fs.move(incoming, root.resolve(id));
        Fs.fsyncDirectory(root);
      } finally {
        Fs.deleteTree(incoming);
      }
      return repo.find(id).orElseThrow(() -> new BackupException("backup " + id + " fetched from "
          + target.describe() + " into " + root + " does not read as complete; run verify " + id));
    });
  }

  /**
   * Runs {@code work} over a repository holding a fresh copy of backup {@code id}, removed after.
   * The copy lies in a {@code .scratch-} folder of this repository and the repository's lock is
   * held meanwhile, so a backup never sweeps it away mid-use, and a killed run leaves it for the
   * next backup to remove.
   */
  <T> T withCopy(String id, Function<BackupRepository, T> work) {
    requireId(id);
    return repo.locked("offsite read of " + id + " from " + target.describe(), () -> {
      Files.createDirectories(repo.root());
      Path mirror = repo.root().resolve(Layout.SCRATCH_PREFIX + "offsite-" + UUID.randomUUID());
      try {
        Files.createDirectory(mirror);
        fetchChecked(id, mirror.resolve(id));
        return work.apply(repo.at(mirror));
      } finally {
        Fs.deleteTree(mirror);
      }
    });
  }

  /**
   * Runs {@code work} over a repository holding every offsite backup's manifest, checksum file and
   * drill records (no artifacts), in a temporary folder removed after; it takes no lock.
   */
  <T> T withManifests(Function<BackupRepository, T> work) {
    Path mirror = null;
    try {
      mirror = Files.createTempDirectory("runbook-offsite-list-");
      for (String id : target.list()) {
        target.fetch(id, mirror.resolve(id), OffsiteCopies::isMetadata);
      }
      return work.apply(repo.at(mirror));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + target.describe() + ": " + e.getMessage(), e);
    } finally {
      if (mirror != null) {
        try {
          Fs.deleteTree(mirror);
        } catch (IOException e) {
          // a few small files in the temporary folder; nothing to report over the listing
        }
      }
    }
  }

  static boolean isMetadata(String name) {
    return name.equals(Layout.MANIFEST) || name.equals(Layout.CHECKSUMS)
        || Layout.isDrillRecord(name) || Layout.isDrillChecksum(name);
  }

  private void fetchChecked(String id, Path into) throws IOException {
    if (!target.list().contains(id)) {
      throw new BackupException(target.describe() + " has no complete backup " + id
          + "; list --remote shows the ones it has");
    }
    target.fetch(id, into);
  }

  private static void requireId(String id) {
    if (!Layout.isBackupId(id)) {
      throw new BackupException("\"" + id + "\" is not a backup id; with --remote give an id"
          + " that list --remote shows, such as 20260101T000000Z");
    }
  }
}
