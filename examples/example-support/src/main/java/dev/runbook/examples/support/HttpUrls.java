package dev.runbook.examples.support;

import dev.runbook.core.Redactor;
import dev.runbook.core.SettingsException;
import java.net.URI;

/** Reads a setting that must be an http(s) URL. */
public final class HttpUrls {

  private HttpUrls() {}

  /**
   * The URL, or an error naming {@code key}, quoting the value and showing {@code example}.
   *
   * @param unsetHint what leaving the setting unset does, e.g. "the built-in fake"
   */
  public static URI parse(String key, String text, String example, String unsetHint) {
    try {
      URI uri = URI.create(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new SettingsException(key, key + " \"" + Redactor.defaults().redact(text)
        + "\" is not an http(s) URL; give e.g. "
        + example + ", or leave it unset for " + unsetHint, null);
  }
}
