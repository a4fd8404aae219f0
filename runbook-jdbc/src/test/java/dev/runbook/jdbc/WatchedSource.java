package dev.runbook.jdbc;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** A source that passes everything to another, letting a test watch the stream it writes. */
public final class WatchedSource implements BackupSource {

  /** Wraps the stream the repository hands the source, given the work folder too. */
  @FunctionalInterface
  public interface Watch {
    OutputStream wrap(OutputStream out, Path work) throws IOException;
  }

  private final BackupSource inner;
  private final Watch watch;

  public WatchedSource(BackupSource inner, Watch watch) {
    this.inner = inner;
    this.watch = watch;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public String kind() {
    return inner.kind();
  }

  @Override
  public String extension() {
    return inner.extension();
  }

  @Override
  public ArtifactMetadata write(OutputStream out) throws Exception {
    return write(out, null);
  }

  @Override
  public ArtifactMetadata write(OutputStream out, Path work) throws Exception {
    return inner.write(watch.wrap(out, work), work);
  }

  @Override
  public long expectedBytes() {
    return inner.expectedBytes();
  }
}
