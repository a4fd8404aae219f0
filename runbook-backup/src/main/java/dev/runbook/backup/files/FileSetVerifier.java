package dev.runbook.backup.files;

import dev.runbook.backup.internal.TarReader;
import dev.runbook.backup.internal.TarWriter;
import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restores a {@link FileSetSource} archive into the drill's scratch folder: every header's
 * checksum, every entry's data and the end-of-archive blocks are checked; no path may leave the
 * scratch folder, directly or through a link the archive itself created; permissions and mtimes are
 * applied as {@code tar -xp} would. It counts files, directories and symlinks.
 */
public final class FileSetVerifier implements RestoreVerifier {

  static final List<String> CHECKS = List.of("tar header checksums", "entry data complete",
      "end-of-archive blocks", "paths stay inside the set");

  /** The verifier for {@code files} artifacts; {@link FileSetSource#verifier()} offers one too. */
  public FileSetVerifier() {}

  @Override
  public String kind() {
    return FileSetSource.KIND;
  }

  @Override
  public RestoreCheck restore(RestoreContext context) throws IOException {
    Path scratch = context.scratch().toRealPath();
    List<String> problems = new ArrayList<>();
    long files = 0;
    long dirs = 0;
    long links = 0;
    List<Map.Entry<Path, TarWriter.Entry>> folders = new ArrayList<>();
    try (InputStream in = context.open()) {
      TarReader tar = new TarReader(in);
      for (TarWriter.Entry e; (e = tar.next()) != null; ) {
        Path target = inside(scratch, e.path());
        if (target == null) {
          problems.add("entry \"" + e.path() + "\" leaves the set; it was not extracted");
          continue;
        }
        switch (e.type()) {
          case TarWriter.DIRECTORY:
            Files.createDirectories(target);
            folders.add(Map.entry(target, e));
            dirs++;
            continue; // applied last, as creating entries inside changes its mtime
          case TarWriter.SYMLINK:
            Files.createDirectories(target.getParent());
            Files.createSymbolicLink(target, Path.of(e.link()));
            links++;
            break;
          case TarWriter.FILE:
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(scratch)) {
              problems.add("entry \"" + e.path() + "\" would be written through a link out of"
                  + " the set; it was not extracted");
              tar.copyTo(OutputStream.nullOutputStream());
              continue;
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
              tar.copyTo(out);
            }
            files++;
            break;
          default:
            problems.add("entry \"" + e.path() + "\" has type '" + e.type()
                + "', which file sets never write");
            continue;
        }
        if (e.type() == TarWriter.FILE) {
          apply(target, e);
        }
      }
      for (int i = folders.size() - 1; i >= 0; i--) {
        apply(folders.get(i).getKey(), folders.get(i).getValue());
      }
    } catch (IOException damaged) {
      problems.add(damaged.getMessage());
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("files", files);
    rows.put("directories", dirs);
    rows.put("symlinks", links);
    return new RestoreCheck(CHECKS, problems, rows);
  }

  /** The path an entry names inside {@code root}, or null when it would leave it. */
  static Path inside(Path root, String name) {
    if (name.isEmpty() || name.startsWith("/") || name.indexOf('\0') >= 0) {
      return null;
    }
    Path resolved = root.resolve(name).normalize();
    return resolved.startsWith(root) && !resolved.equals(root) ? resolved : null;
  }

  private static void apply(Path target, TarWriter.Entry e) throws IOException {
    try {
      Files.setPosixFilePermissions(target, permissions(e.mode()));
    } catch (UnsupportedOperationException notPosix) {
      // the scratch file system has no POSIX permissions; contents are still checked
    }
    Files.setLastModifiedTime(target, FileTime.from(java.time.Instant.ofEpochSecond(
        e.mtimeSeconds())));
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        set.add(p);
      }
    }
    return set;
  }
}
