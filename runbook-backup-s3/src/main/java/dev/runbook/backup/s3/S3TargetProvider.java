package dev.runbook.backup.s3;

import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.spi.OffsiteTargetProvider;
import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Serves {@code BACKUP_REMOTE=s3://bucket/prefix}, found by {@link OffsiteTarget#fromSettings}
 * through the service loader. The settings beside it:
 *
 * <ul>
 *   <li>{@code BACKUP_S3_ENDPOINT}: an S3-compatible server, e.g. {@code https://storage.googleapis.com}
 *       (Google Cloud Storage's interoperability endpoint), {@code
 *       https://<account>.r2.cloudflarestorage.com}, {@code http://127.0.0.1:9000} (MinIO); unset
 *       for AWS.
 *   <li>{@code BACKUP_S3_REGION}: the bucket's region; else {@code AWS_REGION} or {@code
 *       AWS_DEFAULT_REGION}; else {@code us-east-1} with a custom endpoint. Required for AWS.
 *   <li>{@code BACKUP_S3_PATH_STYLE}: {@code true} for {@code host/bucket/key} addressing; the
 *       default is true with a custom endpoint and false for AWS.
 * </ul>
 *
 * <p>Credentials come from the SDK's default chain ({@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE}, a role), never from the URL: a remote with
 * user-info is refused without echoing it.
 */
public final class S3TargetProvider implements OffsiteTargetProvider {

  /** The settings read beside {@code BACKUP_REMOTE}. */
  static final java.util.List<String> KNOWN =
      java.util.List.of("BACKUP_S3_ENDPOINT", "BACKUP_S3_PATH_STYLE", "BACKUP_S3_REGION");

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public OffsiteTarget create(String remote, Settings settings) {
    return fromSettings(remote, settings);
  }

  /** The target {@code remote} ({@code s3://bucket/prefix}) and the S3 settings name. */
  public static S3Target fromSettings(String remote, Settings settings) {
    String value = remote == null ? "" : remote.strip();
    if (!value.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      throw new SettingsException("BACKUP_REMOTE", "BACKUP_REMOTE is not an s3:// address", null);
    }
    for (String name : settings.namesStartingWith("BACKUP_S3_")) {
      if (!KNOWN.contains(name)) {
        throw new SettingsException(name, "Setting " + name + " is read by nothing; the S3"
            + " settings are " + String.join(", ", KNOWN), null);
      }
    }
    String rest = value.substring("s3://".length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    if (authority.contains("@")) {
      throw new SettingsException("BACKUP_REMOTE", "BACKUP_REMOTE carries credentials before the"
          + " bucket name (not shown here); remove them: the keys come from AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the host's role", null);
    }
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    S3Target.Builder b;
    try {
      b = S3Target.builder(authority, prefix);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("BACKUP_REMOTE", "BACKUP_REMOTE \"" + value + "\": "
          + e.getMessage() + "; give s3://bucket/prefix", e);
    }
    Optional<String> endpoint = settings.string("BACKUP_S3_ENDPOINT").filter(s -> !s.isBlank());
    if (endpoint.isPresent()) {
      try {
        b.endpoint(new URI(endpoint.get().strip()));
      } catch (URISyntaxException | IllegalArgumentException e) {
        String shown = endpoint.get().contains("@") ? "(not shown: it holds an @)"
            : "\"" + endpoint.get() + "\"";
        throw new SettingsException("BACKUP_S3_ENDPOINT", "BACKUP_S3_ENDPOINT " + shown
            + " is not usable: " + (e instanceof URISyntaxException ? "not a URL" : e.getMessage())
            + "; give the server's address such as https://s3.example.net:9000", e);
      }
    }
    Optional<String> region = settings.string("BACKUP_S3_REGION")
        .or(() -> settings.string("AWS_REGION")).or(() -> settings.string("AWS_DEFAULT_REGION"))
        .filter(s -> !s.isBlank());
    if (region.isEmpty() && endpoint.isEmpty()) {
      throw new SettingsException("BACKUP_S3_REGION", "BACKUP_S3_REGION is not set; set it to"
          + " the region of bucket " + authority + ", e.g. eu-west-1 (or set BACKUP_S3_ENDPOINT"
          + " for an S3-compatible server)", null);
    }
    if (region.isPresent()) {
      try {
        b.region(region.get().strip());
      } catch (IllegalArgumentException e) {
        throw new SettingsException("BACKUP_S3_REGION", "BACKUP_S3_REGION: " + e.getMessage(), e);
      }
    }
    settings.bool("BACKUP_S3_PATH_STYLE").ifPresent(b::pathStyle);
    return b.build();
  }
}
