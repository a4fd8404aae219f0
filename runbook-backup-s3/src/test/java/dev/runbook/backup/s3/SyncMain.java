package dev.runbook.backup.s3;

import dev.runbook.backup.BackupRepository;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code sync} of a repository to a bucket, in a process of its own so that a test can SIGKILL it
 * mid-upload. Arguments: repository folder, endpoint, bucket, prefix.
 */
public final class SyncMain {

  private SyncMain() {}

  public static void main(String[] args) throws Exception {
    BackupRepository repo = BackupRepository.builder(Path.of(args[0])).build();
    try (S3Target target = S3Target.builder(args[2], args[3]).endpoint(URI.create(args[1]))
        .credentials(S3Server.CREDENTIALS).partSize(5 * 1024 * 1024).uploadThreads(2)
        .retryDelays(Duration.ofMillis(5), Duration.ofMillis(50)).build()) {
      System.out.println(repo.sync(target));
    }
  }
}
