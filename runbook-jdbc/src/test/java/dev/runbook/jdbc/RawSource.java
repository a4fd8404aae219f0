package dev.runbook.jdbc;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * An artifact named {@code database} whose bytes the test chooses, stored with checksums of those
 * bytes: how a test hands a drill a damaged copy that {@code verify} cannot catch.
 */
public final class RawSource implements BackupSource {

  /** Writes the artifact's bytes and says what the manifest records. */
  @FunctionalInterface
  public interface Writer {
    ArtifactMetadata write(OutputStream out) throws Exception;
  }

  private final String kind;
  private final String extension;
  private final RestoreVerifier verifier;
  private final Writer writer;

  public RawSource(String kind, String extension, RestoreVerifier verifier, Writer writer) {
    this.kind = kind;
    this.extension = extension;
    this.verifier = verifier;
    this.writer = writer;
  }

  /** The first {@code numerator / denominator} of what {@code source} writes, and its metadata. */
  public static RawSource truncated(BackupSource source, RestoreVerifier verifier,
      int numerator, int denominator) {
    return new RawSource(source.kind(), source.extension(), verifier, out -> {
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      ArtifactMetadata meta = source.write(whole);
      byte[] bytes = whole.toByteArray();
      out.write(Arrays.copyOf(bytes, bytes.length * numerator / denominator));
      return meta;
    });
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public String extension() {
    return extension;
  }

  @Override
  public Optional<RestoreVerifier> verifier() {
    return Optional.of(verifier);
  }

  @Override
  public ArtifactMetadata write(OutputStream out) throws Exception {
    return writer.write(out);
  }
}
