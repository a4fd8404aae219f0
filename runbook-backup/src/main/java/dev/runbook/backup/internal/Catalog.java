package dev.runbook.backup.internal;

import dev.runbook.backup.Backup;
import dev.runbook.backup.Manifest;
import dev.runbook.backup.report.DrillReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a repository holds without locking it: the complete backups (a folder named by an id
 * whose manifest matches its checksum line), and each one's drill records.
 */
public final class Catalog {

  private final Path root;

  public Catalog(Path root) {
    this.root = root;
  }

  /** Complete backups, oldest first. */
  public List<Backup> list() {
    List<Backup> backups = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Layout.isBackupId(name)) {
          read(name, entry).ifPresent(backups::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list backup repository " + root, e);
    }
    backups.sort(Comparator.comparing(Backup::createdAt).thenComparing(Backup::id));
    return Collections.unmodifiableList(backups);
  }

  /** The backup in {@code folder} if its manifest is intact. */
  public Optional<Backup> read(String id, Path folder) {
    Optional<Manifest> manifest = manifest(folder);
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    List<DrillReport> drills = drills(folder);
    return Optional.of(new Backup(id, folder, manifest.get(),
        drills.isEmpty() ? null : drills.get(drills.size() - 1)));
  }

  /** The manifest, if it matches its line in the checksum file and parses. */
  public static Optional<Manifest> manifest(Path folder) {
    try {
      byte[] json = Files.readAllBytes(folder.resolve(Layout.MANIFEST));
      String line = MeasuredOutputStream.sha256Hex(json) + "  " + Layout.MANIFEST;
      List<String> sums = Files.readAllLines(folder.resolve(Layout.CHECKSUMS),
          StandardCharsets.UTF_8);
      if (!sums.contains(line)) {
        return Optional.empty();
      }
      Manifest manifest = Json.read(json, Manifest.class);
      return manifest.createdAt() == null || manifest.artifacts() == null ? Optional.empty()
          : Optional.of(manifest);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The drill records in {@code folder} that can be read, oldest first. */
  public static List<DrillReport> drills(Path folder) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.json")) {
      for (Path entry : entries) {
        if (Layout.isDrillRecord(entry.getFileName().toString())) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    files.sort(Comparator.comparing(p -> drillOrder(p.getFileName().toString())));
    List<DrillReport> drills = new ArrayList<>();
    for (Path file : files) {
      try {
        drills.add(Json.read(Files.readAllBytes(file), DrillReport.class));
      } catch (IOException | RuntimeException e) {
        // a damaged record is skipped; the backup's own verify does not depend on it
      }
    }
    return Collections.unmodifiableList(drills);
  }

  /**
   * drill-20261122T031500Z-2.json sorts after drill-20261122T031500Z.json, and records of either
   * name (drill- now, verify- before 0.2) sort by their time alone.
   */
  private static String drillOrder(String name) {
    String stamp = name.substring(name.indexOf('-') + 1, name.length() - ".json".length());
    int dash = stamp.indexOf('-');
    String base = dash < 0 ? stamp : stamp.substring(0, dash);
    int n = dash < 0 ? 0 : Integer.parseInt(stamp.substring(dash + 1));
    return base + String.format("%05d", n);
  }
}
