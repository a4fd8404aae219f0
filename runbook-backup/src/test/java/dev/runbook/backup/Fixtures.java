package dev.runbook.backup;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.LoggerFactory;

/** Shared test material: a small service folder, damage to files, and captured log events. */
public final class Fixtures {

  private Fixtures() {}

  /** A service folder with a .env (0600), config files, an upload and a link. */
  public static Path serviceFolder(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("config"));
    Files.createDirectories(dir.resolve("uploads/covers"));
    Files.writeString(dir.resolve(".env"), "DATABASE_URL=jdbc:sqlite:data/app.db\n");
    Files.setPosixFilePermissions(dir.resolve(".env"), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve("config/app.yml"), "port: 8080\n");
    Files.setLastModifiedTime(dir.resolve("config/app.yml"),
        FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
    byte[] cover = new byte[200_000];
    new Random(7).nextBytes(cover);
    Files.write(dir.resolve("uploads/covers/dune.jpg"), cover);
    Files.createSymbolicLink(dir.resolve("config/current.yml"), Path.of("app.yml"));
    return dir;
  }

  /** A source that writes {@code text} and reports one table. */
  public static BackupSource textSource(String name, String kind, String text, long rows) {
    return new BackupSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String kind() {
        return kind;
      }

      @Override
      public String extension() {
        return "txt";
      }

      @Override
      public ArtifactMetadata write(OutputStream out) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        return ArtifactMetadata.of("text", "1").withRowCounts(Map.of("lines", rows));
      }
    };
  }

  /** A source that writes the file's current text and reports its lines. */
  public static BackupSource fileSource(String name, Path file) {
    return new BackupSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String kind() {
        return "text";
      }

      @Override
      public String extension() {
        return "txt";
      }

      @Override
      public ArtifactMetadata write(OutputStream out) throws IOException {
        out.write(Files.readAllBytes(file));
        return ArtifactMetadata.of("text", "1")
            .withRowCounts(Map.of("lines", (long) Files.readAllLines(file).size()));
      }
    };
  }

  /** A verifier for {@link #textSource} kinds that counts lines. */
  public static RestoreVerifier lineCounter(String kind) {
    return new RestoreVerifier() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public RestoreCheck restore(RestoreContext context) throws IOException {
        Path copy = context.scratch().resolve("restored.txt");
        try (var in = context.open()) {
          Files.copy(in, copy);
        }
        long lines = Files.readAllLines(copy).size();
        return RestoreCheck.passed(List.of("utf-8 text"), Map.of("lines", lines));
      }
    };
  }

  public static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x01);
    }
  }

  public static void truncate(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() / 2);
    }
  }

  /** Log events of the module's logger, captured until closed. */
  public static final class CapturedLog implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.runbook.backup");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLog() {
      appender.start();
      logger.addAppender(appender);
    }

    public List<String> events() {
      return appender.list.stream().map(ILoggingEvent::getMessage).toList();
    }

    public List<ILoggingEvent> all() {
      return List.copyOf(appender.list);
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }
}
