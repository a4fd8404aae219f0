package dev.runbook.backup.spi;

import dev.runbook.backup.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** What a {@link RestoreVerifier} gets for one artifact of a drill. */
public interface RestoreContext {

  /** The artifact as the manifest records it, with the row counts to expect. */
  Artifact artifact();

  /** An empty folder of the verifier's own, deleted when the verifier returns. */
  Path scratch();

  /** The artifact's original bytes, decompressed; each call starts a new stream. */
  InputStream open() throws IOException;
}
