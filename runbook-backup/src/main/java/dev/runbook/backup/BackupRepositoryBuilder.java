package dev.runbook.backup;

import dev.runbook.core.Redactor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Configures a {@link BackupRepository}. Every call is checked when it is made, and {@link #build}
 * checks the whole: an error names the option, the value and what to do.
 */
public final class BackupRepositoryBuilder {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9][a-z0-9.]{0,15}");

  final Path root;
  Clock clock = Clock.systemUTC();
  Redactor redactor = Redactor.defaults();
  String service = "service";
  String host;
  Compression compression = Compression.ZSTD;
  final List<BackupSource> sources = new ArrayList<>();
  final Map<String, RestoreVerifier> verifiers = new LinkedHashMap<>();
  private final Map<String, RestoreVerifier> explicitVerifiers = new LinkedHashMap<>();
  Duration lockWait = Duration.ZERO;
  Path scratch;
  private final Function<BackupRepositoryBuilder, BackupRepository> factory;

  BackupRepositoryBuilder(Path root, Function<BackupRepositoryBuilder, BackupRepository> factory) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.factory = factory;
  }

  /** The clock that stamps backups and drills; default UTC system clock. */
  public BackupRepositoryBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Masks secrets in errors written to logs and reports; default {@link Redactor#defaults()}. */
  public BackupRepositoryBuilder redactor(Redactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    return this;
  }

  /** The service name written into every manifest; default {@code service}. */
  public BackupRepositoryBuilder service(String service) {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("service is blank; give the service's name, e.g."
          + " \"bibliotheca\"");
    }
    this.service = service.trim();
    return this;
  }

  /** The host name written into every manifest; default this machine's name. */
  public BackupRepositoryBuilder host(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is blank; leave it unset to use this machine's");
    }
    this.host = host.trim();
    return this;
  }

  /** How artifacts are compressed; default {@link Compression#ZSTD}. */
  public BackupRepositoryBuilder compression(Compression compression) {
    this.compression = Objects.requireNonNull(compression, "compression");
    return this;
  }

  /**
   * Adds an artifact to every backup, written in the order added. Its verifier, if it offers one,
   * is registered for its kind unless {@link #verifier} gave one.
   */
  public BackupRepositoryBuilder source(BackupSource source) {
    Objects.requireNonNull(source, "source");
    String name = source.name();
    if (name == null || !NAME.matcher(name).matches() || name.startsWith("manifest")
        || name.startsWith("verify-")) {
      throw new IllegalArgumentException("source name \"" + name + "\" is not allowed; use 1 to 64"
          + " lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, and"
          + " not starting with \"manifest\" or \"verify-\"");
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
    sources.add(source);
    source.verifier().ifPresent(v -> {
      if (!explicitVerifiers.containsKey(source.kind())) {
        verifiers.put(source.kind(), v);
      }
    });
    return this;
  }

  /** Registers the verifier drills use for its kind, replacing any a source offered. */
  public BackupRepositoryBuilder verifier(RestoreVerifier verifier) {
    Objects.requireNonNull(verifier, "verifier");
    String kind = verifier.kind();
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("verifier " + verifier.getClass().getName()
          + " has no kind");
    }
    if (explicitVerifiers.containsKey(kind)) {
      throw new IllegalArgumentException("a verifier for kind \"" + kind + "\" was already set to "
          + explicitVerifiers.get(kind).getClass().getName());
    }
    explicitVerifiers.put(kind, verifier);
    verifiers.put(kind, verifier);
    return this;
  }

  /**
   * How long a backup, drill or prune waits for another thread of this repository to release the
   * lock before failing with {@link BackupBusyException}; default zero, fail at once. Another
   * process holding the lock always fails at once.
   */
  public BackupRepositoryBuilder lockWait(Duration wait) {
    if (wait == null || wait.isNegative()) {
      throw new IllegalArgumentException("lockWait is " + wait + "; use zero or more");
    }
    this.lockWait = wait;
    return this;
  }

  /**
   * Where drills make their scratch folders; default the repository root, so that restored copies
   * are on the same disk as the backups and never in the service's data folder.
   */
  public BackupRepositoryBuilder scratch(Path scratch) {
    this.scratch = Objects.requireNonNull(scratch, "scratch").toAbsolutePath().normalize();
    return this;
  }

  public BackupRepository build() {
    if (host == null) {
      host = localHost();
    }
    return factory.apply(this);
  }

  private static String localHost() {
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
}
