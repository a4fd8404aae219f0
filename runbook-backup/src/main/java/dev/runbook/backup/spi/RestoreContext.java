package dev.runbook.backup.spi;

import dev.runbook.backup.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a {@link RestoreVerifier} gets for one artifact of a drill. */
public interface RestoreContext {

  /** The artifact as the manifest records it, with the row counts to expect. */
  Artifact artifact();

  /** An empty folder of the verifier's own, deleted when the verifier returns. */
  Path scratch();

  /** The artifact's original bytes, decompressed; each call starts a new stream. */
  InputStream open() throws IOException;

  /**
   * Writes the artifact's original bytes into a new file {@code target}, the fastest way there
   * is: a drill decodes straight from file to file through native buffers, checking the hash on
   * the way. Use it when the restore is a file.
   *
   * @return the bytes written
   */
  default long copyTo(Path target) throws IOException {
    try (InputStream in = open()) {
      return Files.copy(in, target);
    }
  }
}
