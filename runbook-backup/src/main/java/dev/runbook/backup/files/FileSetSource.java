package dev.runbook.backup.files;

import dev.runbook.backup.internal.TarWriter;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up files and folders under one base folder (a service's {@code .env}, configuration,
 * uploads) into a POSIX tar archive that {@code tar -xpf} restores with permissions and mtimes.
 *
 * <p>Symbolic links are stored as links and never followed, so nothing outside the set is ever
 * read. Entries are written in sorted order, so the same files give the same archive. Sockets,
 * pipes and devices are skipped with a warning. Its row counts are {@code files}, {@code
 * directories} and {@code symlinks}, which a drill compares after extracting.
 *
 * <pre>{@code
 * FileSetSource config = FileSetSource.builder("config", Path.of("/srv/bibliotheca"))
 *     .include(".env").include("config").include("uploads")
 *     .build();
 * }</pre>
 */
public final class FileSetSource implements BackupSource {

  /** The kind this source writes and {@link FileSetVerifier} restores. */
  public static final String KIND = "files";

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  private final String name;
  private final Path base;
  private final List<String> includes;
  private final boolean allowMissing;

  private FileSetSource(Builder b) {
    this.name = b.name;
    this.base = b.base;
    this.includes = List.copyOf(b.includes);
    this.allowMissing = b.allowMissing;
  }

  /** A file set named {@code name} (the artifact name) of paths under {@code base}. */
  public static Builder builder(String name, Path base) {
    return new Builder(name, base);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String extension() {
    return "tar";
  }

  @Override
  public Optional<RestoreVerifier> verifier() {
    return Optional.of(new FileSetVerifier());
  }

  @Override
  public ArtifactMetadata write(OutputStream out) throws IOException {
    if (!Files.isDirectory(base)) {
      throw new IOException("file set " + name + ": base folder " + base + " does not exist");
    }
    TarWriter tar = new TarWriter(out);
    long[] counts = new long[3];
    for (String include : includes) {
      Path start = include.isEmpty() ? base : base.resolve(include);
      if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
        if (allowMissing) {
          continue;
        }
        throw new IOException("file set " + name + " includes \"" + include + "\" but " + start
            + " does not exist; create it, remove it from the set, or allow missing paths");
      }
      for (Path path : walk(start)) {
        writeEntry(tar, path, counts);
      }
    }
    tar.finish();
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("files", counts[0]);
    rows.put("directories", counts[1]);
    rows.put("symlinks", counts[2]);
    return new ArtifactMetadata("tar", "POSIX.1-2001 pax", rows);
  }

  /** Every path under {@code start}, sorted, without following links. */
  private static List<Path> walk(Path start) throws IOException {
    TreeMap<String, Path> sorted = new TreeMap<>();
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        sorted.put(dir.toString(), dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        sorted.put(file.toString(), file);
        return FileVisitResult.CONTINUE;
      }
    });
    return new ArrayList<>(sorted.values());
  }

  private void writeEntry(TarWriter tar, Path path, long[] counts) throws IOException {
    String relative = base.relativize(path).toString().replace('\\', '/');
    if (relative.isEmpty()) {
      return; // the base itself: restored as the extraction folder
    }
    BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    int mode = 0644;
    String user = "";
    String group = "";
    long uid = 0;
    long gid = 0;
    try {
      PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      mode = mode(posix.permissions());
      user = posix.owner().getName();
      group = posix.group().getName();
      uid = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
      gid = ((Number) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // not a POSIX file system: defaults above
    }
    long mtime = basic.lastModifiedTime().toInstant().getEpochSecond();
    if (basic.isSymbolicLink()) {
      String target = Files.readSymbolicLink(path).toString();
      tar.write(new TarWriter.Entry(relative, TarWriter.SYMLINK, 0777, uid, gid, user, group, 0,
          mtime, target), null);
      counts[2]++;
    } else if (basic.isDirectory()) {
      tar.write(new TarWriter.Entry(relative + "/", TarWriter.DIRECTORY, mode, uid, gid, user,
          group, 0, mtime, null), null);
      counts[1]++;
    } else if (basic.isRegularFile()) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(path,
          LinkOption.NOFOLLOW_LINKS), 64 * 1024)) {
        tar.write(new TarWriter.Entry(relative, TarWriter.FILE, mode, uid, gid, user, group,
            basic.size(), mtime, null), in);
      }
      counts[0]++;
    } else {
      log.atWarn().setMessage("backup_file_skipped").addKeyValue("file_set", name)
          .addKeyValue("path", path).addKeyValue("reason", "not a file, folder or link").log();
    }
  }

  static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }

  /** Configures a {@link FileSetSource}. */
  public static final class Builder {
    private final String name;
    private final Path base;
    private final List<String> includes = new ArrayList<>();
    private boolean allowMissing;

    private Builder(String name, Path base) {
      this.name = Objects.requireNonNull(name, "name");
      this.base = Objects.requireNonNull(base, "base").toAbsolutePath().normalize();
    }

    /**
     * Adds a file or folder, relative to the base; with no include, the whole base is backed up.
     *
     * @throws IllegalArgumentException for an absolute path or one that leaves the base
     */
    public Builder include(String relative) {
      Objects.requireNonNull(relative, "relative");
      Path p = Path.of(relative);
      if (p.isAbsolute() || !base.resolve(p).normalize().startsWith(base)
          || relative.isBlank()) {
        throw new IllegalArgumentException("file set " + name + " include \"" + relative
            + "\" is not a path inside " + base + "; give a relative path such as \"config\"");
      }
      String normalized = p.normalize().toString().replace('\\', '/');
      if (includes.contains(normalized)) {
        throw new IllegalArgumentException("file set " + name + " includes \"" + relative
            + "\" twice");
      }
      includes.add(normalized);
      return this;
    }

    /** Skips includes that do not exist instead of failing the backup; default false. */
    public Builder allowMissing(boolean allow) {
      this.allowMissing = allow;
      return this;
    }

    public FileSetSource build() {
      for (String a : includes) {
        for (String b : includes) {
          if (!a.equals(b) && Path.of(b).startsWith(Path.of(a))) {
            throw new IllegalArgumentException("file set " + name + " includes \"" + b
                + "\" inside \"" + a + "\"; keep only \"" + a + "\"");
          }
        }
      }
      if (includes.isEmpty()) {
        includes.add("");
      }
      return new FileSetSource(this);
    }
  }
}
