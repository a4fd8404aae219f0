package dev.runbook.backup.internal;

import dev.runbook.backup.Backup;
import dev.runbook.backup.DamagedBackup;
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

  /**
   * Folders named as backups that cannot be read as one, oldest first, each with the reason: a
   * damaged backup is never dropped from sight. Also a backup whose drill records are damaged,
   * which is listed as a backup too.
   */
  public List<DamagedBackup> damaged() {
    List<DamagedBackup> damaged = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!Layout.isBackupId(name) || !Files.isDirectory(entry)) {
          continue;
        }
        String reason = damage(name, entry);
        if (reason == null) {
          List<String> records = damagedDrillRecords(entry);
          if (!records.isEmpty()) {
            reason = "drill record damaged: " + String.join(", ", records);
          }
        }
        if (reason != null) {
          damaged.add(new DamagedBackup(name, entry, Layout.parseStamp(name), reason));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list backup repository " + root, e);
    }
    damaged.sort(Comparator.comparing(DamagedBackup::id));
    return Collections.unmodifiableList(damaged);
  }

  /**
   * Why the backup folder {@code id} cannot be read as a backup, or null when it can: {@code
   * manifest.json} or its checksum file missing, {@code manifest checksum mismatch}, a manifest
   * that does not parse, or {@code name does not match manifest}.
   */
  public static String damage(String id, Path folder) {
    byte[] json;
    List<String> sums;
    try {
      json = Files.readAllBytes(folder.resolve(Layout.MANIFEST));
    } catch (IOException e) {
      return Layout.MANIFEST + " missing or unreadable";
    }
    try {
      sums = Files.readAllLines(folder.resolve(Layout.CHECKSUMS), StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return Layout.CHECKSUMS + " missing or unreadable";
    }
    if (!sums.contains(MeasuredOutputStream.sha256Hex(json) + "  " + Layout.MANIFEST)) {
      return "manifest checksum mismatch";
    }
    Manifest manifest;
    try {
      manifest = Json.read(json, Manifest.class);
    } catch (IOException | RuntimeException e) {
      return "manifest unreadable";
    }
    if (manifest.createdAt() == null || manifest.artifacts() == null) {
      return "manifest incomplete";
    }
    if (manifest.backupId() != null && !manifest.backupId().equals(id)) {
      return "name does not match manifest (it says " + manifest.backupId() + ")";
    }
    return null;
  }

  /** The drill records in {@code folder} whose checksum disagrees or that cannot be read. */
  public static List<String> damagedDrillRecords(Path folder) {
    List<String> damaged = new ArrayList<>();
    for (Path record : records(folder)) {
      String name = record.getFileName().toString();
      if (DrillRecords.damage(folder, name) != null) {
        damaged.add(name);
      }
    }
    return damaged;
  }

  /** The backup in {@code folder} if its manifest is intact and names it. */
  public Optional<Backup> read(String id, Path folder) {
    Optional<Manifest> manifest = manifest(folder);
    if (manifest.isEmpty() || (manifest.get().backupId() != null
        && !manifest.get().backupId().equals(id) && Layout.isBackupId(folder.getFileName()
            .toString()))) {
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

  /**
   * The drill records in {@code folder} that are sound, oldest first. A damaged one (its
   * checksum disagrees, or it does not read) is left out here, so a damaged record never makes a
   * backup look drilled; {@link #damaged()}, {@code list} and {@code verify} name it.
   */
  public static List<DrillReport> drills(Path folder) {
    List<DrillReport> drills = new ArrayList<>();
    for (Path file : records(folder)) {
      DrillRecords.Read read = DrillRecords.read(folder, file.getFileName().toString());
      if (read.report() != null) {
        drills.add(read.report());
      }
    }
    return Collections.unmodifiableList(drills);
  }

  /** The drill record files in {@code folder}, oldest first. */
  private static List<Path> records(Path folder) {
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
    return files;
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
