package dev.runbook.backup.spi;

import dev.runbook.backup.OffsiteTarget;
import dev.runbook.core.Settings;

/**
 * Serves one URI scheme of {@code BACKUP_REMOTE}, such as {@code s3}: {@link
 * OffsiteTarget#fromSettings} finds providers with {@link java.util.ServiceLoader}, so a service
 * gains a kind of offsite storage by adding its module, and {@code runbook-backup} itself depends
 * on no storage SDK. A provider is listed in {@code
 * META-INF/services/dev.runbook.backup.spi.OffsiteTargetProvider}.
 */
public interface OffsiteTargetProvider {

  /**
   * The scheme served, lower case and without the colon, e.g. {@code s3}. The provider's own
   * settings are named {@code BACKUP_<SCHEME>_*}; one set beside a remote of another scheme is
   * refused.
   */
  String scheme();

  /**
   * The target {@code remote} names, configured from {@code settings}.
   *
   * @throws dev.runbook.core.SettingsException naming the setting that is missing or wrong; the
   *     message never repeats a secret (a remote with user-info is refused without echoing it)
   */
  OffsiteTarget create(String remote, Settings settings);
}
