package dev.runbook.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LowPriorityTest {

  @BeforeEach
  void linux() {
    boolean linux = Files.isSymbolicLink(Path.of("/proc/thread-self"));
    boolean renice = System.getenv("PATH") != null && java.util.Arrays.stream(
        System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "renice")));
    if (!linux || !renice) {
      String reason = "no /proc/thread-self or no renice on PATH: priorities are not lowered here";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("under CI=true this test must run: " + reason);
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
  }

  @Test
  void theWorkAndTheThreadsItStartsRunAtTheLowerPriority() throws Exception {
    int caller = LowPriority.niceOfThisThread();
    int[] seen = new int[2];
    LowPriority.call("runbook-test", true, () -> {
      seen[0] = LowPriority.niceOfThisThread();
      FutureTask<Integer> child = new FutureTask<>(LowPriority::niceOfThisThread);
      Thread thread = new Thread(child); // as zstd's workers and the row counting are started
      thread.start();
      seen[1] = child.get();
      return null;
    });
    assertThat(seen[0]).isGreaterThanOrEqualTo(LowPriority.NICE).isGreaterThan(caller);
    assertThat(seen[1]).isEqualTo(seen[0]);
    assertThat(LowPriority.niceOfThisThread()).as("the caller keeps its own").isEqualTo(caller);
  }

  /** A source that writes one line and notes the priority it was written at. */
  private static BackupSource noting(int[] nice) {
    return new BackupSource() {
      @Override
      public String name() {
        return "noted";
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
      public ArtifactMetadata write(OutputStream out) throws Exception {
        nice[0] = LowPriority.niceOfThisThread();
        out.write("one line\n".getBytes(StandardCharsets.UTF_8));
        return ArtifactMetadata.none();
      }
    };
  }

  @Test
  void aRepositoryWritesItsBackupsAtTheLowerPriorityUnlessToldNot(@TempDir Path tmp)
      throws Exception {
    int caller = LowPriority.niceOfThisThread();
    int[] nice = {Integer.MIN_VALUE};
    BackupRepository.builder(tmp.resolve("a")).source(noting(nice)).build().backup();
    assertThat(nice[0]).isGreaterThanOrEqualTo(LowPriority.NICE).isGreaterThan(caller);
    BackupRepository.builder(tmp.resolve("b")).lowPriority(false).source(noting(nice)).build()
        .backup();
    assertThat(nice[0]).isEqualTo(caller);
  }

  @Test
  void turnedOffTheWorkRunsAtTheCallersPriority() throws Exception {
    int caller = LowPriority.niceOfThisThread();
    assertThat(LowPriority.call("runbook-test", false, LowPriority::niceOfThisThread))
        .isEqualTo(caller);
  }

  @Test
  void theWorksOwnExceptionReachesTheCallerAsItWas() {
    IOException failure = new IOException("disk full");
    assertThatThrownBy(() -> LowPriority.call("runbook-test", true, () -> {
      throw failure;
    })).isSameAs(failure);
  }
}
