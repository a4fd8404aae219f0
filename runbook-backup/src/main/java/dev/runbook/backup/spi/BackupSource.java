package dev.runbook.backup.spi;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes one artifact of a backup set: a database, a folder of configuration files.
 *
 * <p>The repository hands {@link #write} a stream that compresses and hashes on the way to a file
 * in the staging folder, so a source only writes its raw bytes once and never buffers the whole
 * artifact. A source that throws leaves no published backup behind.
 *
 * <pre>{@code
 * BackupRepository repo = BackupRepository.builder(Path.of("storage/backups"))
 *     .service("bibliotheca")
 *     .source(FileSetSource.builder("config", Path.of("/etc/bibliotheca")).build())
 *     .build();
 * }</pre>
 */
public interface BackupSource {

  /**
   * The artifact's name, unique in a backup set: lower-case letters, digits, {@code .}, {@code _}
   * and {@code -}, starting with a letter or digit; e.g. {@code database}.
   */
  String name();

  /** The kind of artifact, which picks its {@link RestoreVerifier}: e.g. {@code sqlite}. */
  String kind();

  /**
   * The file extension before any compression suffix, without a dot: {@code sqlite}, {@code
   * dump}, {@code tar}. The file is named {@code <name>.<extension>} plus {@code .zst} or {@code
   * .gz}.
   */
  String extension();

  /**
   * Writes the artifact's raw bytes to {@code out}, which the repository closes.
   *
   * @return the engine, its version and the row counts seen by this backup
   * @throws Exception anything; the backup then fails and nothing is published
   */
  ArtifactMetadata write(OutputStream out) throws Exception;

  /**
   * Like {@link #write(OutputStream)}, for a source that needs a temporary file (a database copy
   * it checks before streaming it): {@code work} is an empty folder inside the backup's staging
   * folder, deleted with it, and after a crash by the next run, so a source never leaves a
   * temporary file anywhere else. The repository calls this one; by default it ignores {@code
   * work}.
   */
  default ArtifactMetadata write(OutputStream out, Path work) throws Exception {
    return write(out);
  }

  /**
   * About how many bytes of free space this artifact needs while it is written, temporary files
   * included (the artifact itself at most its raw size); 0 when the source cannot tell. The
   * repository adds these up and refuses to start a backup the disk cannot hold.
   */
  default long expectedBytes() {
    return 0;
  }

  /**
   * The verifier for this source's kind, which the repository registers unless one was given for
   * the kind explicitly; empty by default.
   */
  default Optional<RestoreVerifier> verifier() {
    return Optional.empty();
  }
}
