package dev.runbook.backup;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child process of {@link CrashSafetyIT}: takes backups in a loop and prints a line after
 * every chunk written, so the parent can kill it at a moment of its choosing without timing.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) {
    BackupSource chunks = new BackupSource() {
      @Override
      public String name() {
        return "data";
      }

      @Override
      public String kind() {
        return "text";
      }

      @Override
      public String extension() {
        return "bin";
      }

      @Override
      public ArtifactMetadata write(OutputStream out) throws IOException {
        byte[] chunk = new byte[128 * 1024];
        Random random = new Random(1);
        for (int i = 0; i < 24; i++) {
          random.nextBytes(chunk);
          out.write(chunk);
          System.out.println("chunk");
          System.out.flush();
        }
        return ArtifactMetadata.none();
      }
    };
    BackupRepository repo = BackupRepository.builder(Path.of(args[0]))
        .compression(Compression.fromWireName(args[1])).source(chunks).build();
    while (true) {
      Backup b = repo.backup();
      System.out.println("published " + b.id());
      System.out.flush();
    }
  }
}
