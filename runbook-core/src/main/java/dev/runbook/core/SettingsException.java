package dev.runbook.core;

/**
 * A setting that is missing or cannot be read. The message names the setting, quotes the bad
 * value (masked when the setting holds a secret) and says what would be accepted.
 */
public final class SettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public SettingsException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The name of the setting, e.g. {@code HEALTH_ALLOWLIST}. */
  public String key() {
    return key;
  }
}
