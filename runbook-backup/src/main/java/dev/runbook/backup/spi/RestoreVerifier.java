package dev.runbook.backup.spi;


/**
 * Restores one kind of artifact into a scratch place during a drill, runs the engine's own
 * integrity checks on the copy, and counts its rows. It never touches production data: all it gets
 * is the artifact's bytes and a scratch folder that the repository deletes afterwards.
 *
 * <p>The repository compares the counts it returns with the manifest; a verifier only reports what
 * it found.
 */
public interface RestoreVerifier {

  /** The {@link dev.runbook.backup.Artifact#kind()} this verifier restores, e.g. {@code sqlite}. */
  String kind();

  /**
   * Restores {@code context.open()} into {@code context.scratch()} (or a scratch database it
   * creates and always removes), checks it and counts rows.
   *
   * @throws RestoreUnavailableException when the restore could not be tried (a tool or the
   *     scratch server is missing); the drill is then inconclusive, with the message
   * @throws Exception when the restore itself fails; the drill records it as a failed restore
   */
  RestoreCheck restore(RestoreContext context) throws Exception;

  /**
   * The free space the restore needs in the scratch folder: by default the artifact's raw size,
   * for a verifier that restores into a file there; 0 for one that restores elsewhere (a scratch
   * database on a server). A drill that finds less free is inconclusive, naming the folder, the
   * bytes needed and the bytes free.
   */
  default long scratchBytes(dev.runbook.backup.Artifact artifact) {
    return artifact.rawBytes();
  }
}
