package dev.runbook.backup;

import dev.runbook.backup.internal.Age;
import dev.runbook.backup.internal.ArtifactCrypto;
import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encryption at rest for a {@link BackupRepository}, in the age format (age-encryption.org/v1)
 * with X25519 recipients, so an operator decrypts with the standard {@code age} tool: {@code age
 * -d -i key.txt database.sqlite.zst.age | zstd -d > database.sqlite}. Off by default.
 *
 * <ul>
 *   <li>Recipients ({@code age1...}, public keys) encrypt new backups; the service needs nothing
 *       secret to take them.
 *   <li>An identity file ({@code AGE-SECRET-KEY-1...} lines, as {@code age-keygen} writes it)
 *       decrypts for drills, verification and restores. Without it an encrypted backup is
 *       verified by its SHA-256 alone and its drill is {@code inconclusive}, saying so.
 * </ul>
 *
 * <p>Keys never appear in a log, an error or a report: an error names the setting, the file or
 * the position of a bad key, never its text.
 *
 * <pre>{@code
 * BackupRepository.builder(dataDir.resolve("backups"))
 *     .encryption(BackupEncryption.fromSettings(settings))   // BACKUP_AGE_RECIPIENTS, ..._FILE
 *     .source(...)
 *     .build();
 * }</pre>
 */
public final class BackupEncryption {

  private final List<Age.Recipient> recipients;
  private final Path identityFile;

  private BackupEncryption(List<Age.Recipient> recipients, Path identityFile) {
    this.recipients = List.copyOf(recipients);
    this.identityFile = identityFile;
  }

  /** No encryption: artifacts are stored as compressed. */
  public static BackupEncryption none() {
    return new BackupEncryption(List.of(), null);
  }

  /**
   * Encrypts to {@code recipients} ({@code age1...}); decrypts with {@code identityFile} when it
   * is not null.
   *
   * @throws IllegalArgumentException naming the position of a recipient that is not an age
   *     X25519 recipient, never its text
   */
  public static BackupEncryption age(List<String> recipients, Path identityFile) {
    List<Age.Recipient> parsed = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i++) {
      try {
        parsed.add(Age.Recipient.parse(recipients.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("age recipient " + (i + 1) + " of "
            + recipients.size() + " is not an age X25519 recipient (age1...): "
            + e.getMessage(), e);
      }
    }
    return new BackupEncryption(parsed,
        identityFile == null ? null : identityFile.toAbsolutePath().normalize());
  }

  /**
   * From {@code BACKUP_AGE_RECIPIENTS} (age1... keys, separated by commas or spaces) and {@code
   * BACKUP_AGE_IDENTITY_FILE} (the identity file for drills and restores); {@link #none()} when
   * both are unset.
   *
   * @throws SettingsException naming the setting, never echoing a key
   */
  public static BackupEncryption fromSettings(Settings settings) {
    Optional<String> recipients = settings.string("BACKUP_AGE_RECIPIENTS");
    Optional<String> identity = settings.string("BACKUP_AGE_IDENTITY_FILE");
    List<String> keys = new ArrayList<>();
    recipients.ifPresent(value -> {
      for (String part : value.split("[,\\s]+")) {
        if (!part.isEmpty()) {
          keys.add(part);
        }
      }
    });
    Path file = null;
    if (identity.isPresent()) {
      file = Path.of(identity.get());
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new SettingsException("BACKUP_AGE_IDENTITY_FILE", "BACKUP_AGE_IDENTITY_FILE "
            + file + " is not a readable file; point it at the identity file age-keygen wrote"
            + " (AGE-SECRET-KEY-1... lines)", null);
      }
    }
    if (keys.isEmpty() && recipients.isPresent()) {
      throw new SettingsException("BACKUP_AGE_RECIPIENTS", "BACKUP_AGE_RECIPIENTS holds no"
          + " recipient; give age1... public keys separated by commas, or leave it unset", null);
    }
    try {
      return age(keys, file);
    } catch (IllegalArgumentException e) {
      // the message names the position of the bad key and what is wrong, not the key
      throw new SettingsException("BACKUP_AGE_RECIPIENTS", "BACKUP_AGE_RECIPIENTS: "
          + e.getMessage() + "; give age1... public keys as age-keygen -y prints them", null);
    }
  }

  /** Whether new backups are encrypted. */
  public boolean encrypts() {
    return !recipients.isEmpty();
  }

  /** The identity file drills and restores decrypt with, if one is set. */
  public Optional<Path> identityFile() {
    return Optional.ofNullable(identityFile);
  }

  ArtifactCrypto crypto() {
    return new ArtifactCrypto(recipients, identityFile);
  }

  @Override
  public String toString() {
    return encrypts() ? "age to " + recipients.size() + " recipient(s)"
        + (identityFile == null ? "" : ", identity file " + identityFile) : "none";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackupEncryption e && e.toString().equals(toString())
        && Objects.equals(e.recipients.toString(), recipients.toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString(), recipients.toString());
  }
}
