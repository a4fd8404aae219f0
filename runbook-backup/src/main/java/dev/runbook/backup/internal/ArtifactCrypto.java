package dev.runbook.backup.internal;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A repository's encryption at rest: the age recipients backups are encrypted to, and the
 * identity file that drills, verification and restores decrypt with. Stored bytes are
 * {@code age(compress(raw))}; the manifest's SHA-256 is of what is stored. The identity file is
 * read when first needed; nothing of it reaches a message.
 */
public final class ArtifactCrypto {

  /** The manifest's name for the age format, and the file suffix it adds. */
  public static final String AGE = "age";

  private final List<Age.Recipient> recipients;
  private final Path identityFile;
  private List<Age.Identity> identities;

  public ArtifactCrypto(List<Age.Recipient> recipients, Path identityFile) {
    this.recipients = List.copyOf(recipients);
    this.identityFile = identityFile;
  }

  public static ArtifactCrypto none() {
    return new ArtifactCrypto(List.of(), null);
  }

  public boolean encrypts() {
    return !recipients.isEmpty();
  }

  /** Whether an identity file is configured to decrypt with. */
  public boolean canDecrypt() {
    return identityFile != null;
  }

  /** The stored file's name for {@code base}, e.g. {@code database.sqlite.zst.age}. */
  public String fileName(String base, Compression compression) {
    return base + compression.suffix() + (encrypts() ? "." + AGE : "");
  }

  /** The manifest's {@code encryption} for new artifacts: {@code age}, or null. */
  public String encryption() {
    return encrypts() ? AGE : null;
  }

  /** Wraps the stored stream: what is written to the result is stored encrypted. */
  public OutputStream encrypt(OutputStream stored) throws IOException {
    return encrypts() ? Age.encrypt(stored, recipients) : stored;
  }

  /** Whether this artifact is stored encrypted. */
  public static boolean encrypted(Artifact artifact) {
    return AGE.equals(artifact.encryption());
  }

  /** The artifact's original bytes from its stored bytes: decrypted if need be, decompressed. */
  public InputStream decode(Artifact artifact, InputStream stored) throws IOException {
    InputStream plain = encrypted(artifact) ? Age.decrypt(stored, identities()) : stored;
    return Codecs.decoder(artifact.compression(), plain);
  }

  /**
   * Why this artifact cannot be decoded here, or null when it can: it is encrypted and no
   * identity file is configured, the file cannot be read, or no identity in it matches.
   */
  public String undecodable(Artifact artifact, Path file) {
    if (!encrypted(artifact)) {
      return null;
    }
    if (identityFile == null) {
      return artifact.file() + " is encrypted and no age identity file is configured"
          + " (BackupRepository.Builder.encryption, BACKUP_AGE_IDENTITY_FILE)";
    }
    try (InputStream in = Files.newInputStream(file)) {
      Age.decrypt(in, identities()).close();
      return null;
    } catch (Age.AgeException e) {
      return e.failure() == Age.Failure.NO_MATCH ? "no identity in the age identity file "
          + identityFile + " matches the recipients " + artifact.file() + " was encrypted to"
          : null; // a damaged header is the verification's to report
    } catch (IOException | IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private synchronized List<Age.Identity> identities() throws IOException {
    if (identities == null) {
      if (identityFile == null) {
        throw new IOException("the artifact is encrypted and no age identity file is configured"
            + " (BACKUP_AGE_IDENTITY_FILE)");
      }
      String content;
      try {
        content = Files.readString(identityFile);
      } catch (IOException e) {
        throw new IOException("the age identity file " + identityFile + " cannot be read ("
            + e.getClass().getSimpleName() + "); check BACKUP_AGE_IDENTITY_FILE and the file's"
            + " permissions", e);
      }
      try {
        identities = Age.Identity.parseFile(content);
      } catch (IllegalArgumentException e) {
        throw new IOException("the age identity file " + identityFile + ": " + e.getMessage());
      }
    }
    return identities;
  }
}
