package dev.runbook.backup;

import dev.runbook.backup.internal.Fs;
import dev.runbook.backup.internal.Layout;
import dev.runbook.backup.internal.MeasuredInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An offsite target that is a folder: a mounted disk, an NFS or SMB share. Backups land in it under
 * the same names as in the repository, so an operator can read them with the same tools.
 *
 * <p>A push copies into a hidden {@code .incoming-} folder, fsyncs every file, re-reads each copy
 * from the target and compares its SHA-256 with the manifest, and only then renames the folder to
 * the backup's id. A copy that does not match is removed and never published.
 */
public final class DirectoryTarget implements OffsiteTarget {

  /** How one file reaches the target; tests put damage in transit here. */
  @FunctionalInterface
  interface Copier {
    void copy(Path from, Path to) throws IOException;
  }

  private final Path dir;
  private final Copier copier;

  public DirectoryTarget(Path dir) {
    this(dir, (from, to) -> Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES));
  }

  DirectoryTarget(Path dir, Copier copier) {
    this.dir = dir.toAbsolutePath().normalize();
    this.copier = copier;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public String describe() {
    return dir.toUri().toString();
  }

  @Override
  public List<String> list() throws IOException {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Layout.isBackupId(name) && Files.isRegularFile(entry.resolve(Layout.MANIFEST))) {
          ids.add(name);
        }
      }
    }
    ids.sort(null);
    return List.copyOf(ids);
  }

  @Override
  public void push(String id, Path folder, Manifest manifest) throws IOException {
    Files.createDirectories(dir);
    Path incoming = dir.resolve(Layout.INCOMING_PREFIX + id + "-" + UUID.randomUUID());
    Files.createDirectory(incoming);
    try {
      Map<String, String> expected = new LinkedHashMap<>();
      for (Artifact artifact : manifest.artifacts()) {
        expected.put(artifact.file(), artifact.sha256());
      }
      expected.put(Layout.MANIFEST, sha256(folder.resolve(Layout.MANIFEST)));
      expected.put(Layout.CHECKSUMS, sha256(folder.resolve(Layout.CHECKSUMS)));
      List<String> names = new ArrayList<>(expected.keySet());
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (!expected.containsKey(name) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
              && !name.startsWith(".")) {
            names.add(name); // manifest, checksum file and drill records
          }
        }
      }
      for (String name : names) {
        Path copy = incoming.resolve(name);
        copier.copy(folder.resolve(name), copy);
        Fs.fsync(copy);
      }
      for (Map.Entry<String, String> e : expected.entrySet()) {
        String actual = sha256(incoming.resolve(e.getKey()));
        if (!actual.equals(e.getValue())) {
          throw new BackupException("offsite copy of " + id + "/" + e.getKey() + " at "
              + describe() + " has SHA-256 " + actual + ", manifest says " + e.getValue()
              + "; the copy was not published. Verify the local backup and the target's disk");
        }
      }
      Fs.fsyncDirectory(incoming);
      Path target = dir.resolve(id);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new BackupException(describe() + " already has a folder " + id
            + " that is not a complete backup; move it aside and sync again");
      }
      Fs.move(incoming, target);
      Fs.fsyncDirectory(dir);
    } finally {
      Fs.deleteTree(incoming);
    }
  }

  @Override
  public void fetch(String id, Path into) throws IOException {
    Path source = dir.resolve(id);
    if (!Files.isDirectory(source)) {
      throw new BackupException(describe() + " has no backup " + id);
    }
    Files.createDirectory(into);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(source)) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @Override
  public void delete(String id) throws IOException {
    Path source = dir.resolve(id);
    if (!Layout.isBackupId(id) || !Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new BackupException(describe() + " has no backup " + id);
    }
    Path doomed = dir.resolve(Layout.DELETED_PREFIX + id);
    Fs.move(source, doomed);
    Fs.deleteTree(doomed);
  }

  @Override
  public List<String> removeLeftovers() throws IOException {
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(Layout.INCOMING_PREFIX) || name.startsWith(Layout.DELETED_PREFIX)) {
          removed.add(name);
        }
      }
    }
    removed.sort(null);
    for (String name : removed) {
      Fs.deleteTree(dir.resolve(name));
    }
    return List.copyOf(removed);
  }

  private static String sha256(Path file) throws IOException {
    try (MeasuredInputStream in = new MeasuredInputStream(Files.newInputStream(file))) {
      in.drain();
      return in.sha256Hex();
    }
  }

  @Override
  public String toString() {
    return describe();
  }
}
