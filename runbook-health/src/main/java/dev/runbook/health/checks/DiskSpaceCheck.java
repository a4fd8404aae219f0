package dev.runbook.health.checks;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How full the file system holding a path is: {@code degraded} at 80 % used, {@code down} at 90 %
 * by default. Reports {@code path}, {@code total_bytes}, {@code free_bytes} (usable by this
 * process), {@code used_ratio}, and the IETF measurement {@code utilization}.
 *
 * <pre>{@code
 * registry.register("disk", DiskSpaceCheck.of(Path.of("/var/lib/app")));
 * registry.register("disk", DiskSpaceCheck.of(dataDir, Thresholds.above(0.70, 0.85)));
 * }</pre>
 */
public final class DiskSpaceCheck implements HealthCheck {

  /** Warn at 80 % used, critical at 90 %. */
  public static final Thresholds DEFAULT_THRESHOLDS = Thresholds.above(0.80, 0.90);

  /** Total and usable bytes of the store that holds a path. */
  @FunctionalInterface
  interface Usage {
    long[] read(Path path) throws IOException;
  }

  private final Path path;
  private final Thresholds thresholds;
  private final Usage usage;

  DiskSpaceCheck(Path path, Thresholds thresholds, Usage usage) {
    this.path = Objects.requireNonNull(path, "path must not be null");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds must not be null");
    if (thresholds.direction() != Thresholds.Direction.ABOVE) {
      throw new IllegalArgumentException(
          "disk thresholds " + thresholds + " must be above(...): a fuller disk is worse");
    }
    this.usage = usage;
  }

  public static DiskSpaceCheck of(Path path) {
    return of(path, DEFAULT_THRESHOLDS);
  }

  public static DiskSpaceCheck of(Path path, Thresholds thresholds) {
    return new DiskSpaceCheck(path, thresholds, p -> {
      FileStore store = Files.getFileStore(p);
      return new long[] {store.getTotalSpace(), store.getUsableSpace()};
    });
  }

  @Override
  public CheckResult check() throws IOException {
    if (!Files.exists(path)) {
      return CheckResult.down("path " + path + " does not exist").withDetail("path",
          path.toString());
    }
    long[] read = usage.read(path);
    long total = read[0];
    long free = read[1];
    if (total <= 0) {
      return CheckResult.down("file system of " + path + " reports no size")
          .withDetail("path", path.toString());
    }
    double used = (double) (total - free) / total;
    Status status = thresholds.statusOf(used);
    String error = status == Status.OK ? null : String.format(java.util.Locale.ROOT,
        "%s is %.1f%% used (%s at %.0f%%, %s at %.0f%%)", path, used * 100,
        Status.DEGRADED, thresholds.warn() * 100, Status.DOWN, thresholds.critical() * 100);
    return CheckResult.of(status, error)
        .withDetail("path", path.toString())
        .withDetail("total_bytes", total)
        .withDetail("free_bytes", free)
        .withDetail("used_ratio", Math.round(used * 10_000) / 10_000.0)
        .withDetail("measurement", "utilization")
        .withDetail("observed_value", Math.round(used * 10_000) / 10_000.0)
        .withDetail("observed_unit", "ratio")
        .withDetail("component_type", "system");
  }
}
