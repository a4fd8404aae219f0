package dev.runbook.backup.internal;

import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreVerifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a repository accepts as a source, checked when the source is added. */
public final class SourceRules {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9][a-z0-9.]{0,15}");

  private SourceRules() {}

  /**
   * Checks {@code source} against the rules and the sources already added.
   *
   * @throws IllegalArgumentException naming the source, the bad value and what to use instead
   */
  public static void check(BackupSource source, List<BackupSource> sources) {
    Objects.requireNonNull(source, "source");
    String name = source.name();
    if (name == null || !NAME.matcher(name).matches() || name.startsWith("manifest")
        || name.startsWith(Layout.DRILL_PREFIX) || name.startsWith(Layout.LEGACY_DRILL_PREFIX)) {
      throw new IllegalArgumentException("source name \"" + name + "\" is not allowed; use 1 to 64"
          + " lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, and"
          + " not starting with \"manifest\", \"drill-\" or \"verify-\"");
    }
    if (source.extension() == null || !EXTENSION.matcher(source.extension()).matches()) {
      throw new IllegalArgumentException("source " + name + " has extension \""
          + source.extension() + "\"; use lower-case letters and digits without a leading dot,"
          + " e.g. \"sqlite\"");
    }
    if (source.kind() == null || source.kind().isBlank()) {
      throw new IllegalArgumentException("source " + name + " has no kind; a kind such as"
          + " \"sqlite\" picks the verifier for drills");
    }
    for (BackupSource other : sources) {
      if (other.name().equals(name)) {
        throw new IllegalArgumentException("source name \"" + name + "\" is used twice; each"
            + " artifact of a backup needs its own name");
      }
    }
  }

  /** This machine's name, for manifests: {@code HOSTNAME}, else the resolver's, else a marker. */
  public static String localHost() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  /**
   * Checks that {@code verifier} names a kind that no verifier was explicitly set for yet.
   *
   * @return the verifier's kind
   */
  public static String checkVerifier(RestoreVerifier verifier,
      Map<String, RestoreVerifier> explicit) {
    Objects.requireNonNull(verifier, "verifier");
    String kind = verifier.kind();
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("verifier " + verifier.getClass().getName()
          + " has no kind");
    }
    if (explicit.containsKey(kind)) {
      throw new IllegalArgumentException("a verifier for kind \"" + kind + "\" was already set to "
          + explicit.get(kind).getClass().getName());
    }
    return kind;
  }
}
