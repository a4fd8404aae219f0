package dev.runbook.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.examples.support.ServiceProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * For an example's secret-leak test: makes distinct secrets, collects everything the service
 * wrote or answered, and finally says which secrets reached any of it (none may).
 */
public final class SecretLeaks {

  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final StringBuilder seen = new StringBuilder();
  private List<String> tokens = List.of();

  /** A new secret, remembered with where it is placed; long and mixed, like a real key. */
  public String secret(String where) {
    String value = "S3cr" + (secrets.size() + 10) + "xQz7Lw9Kp" + (secrets.size() * 7 + 3)
        + "vTq8Rz";
    secrets.put(value, where);
    return value;
  }

  /**
   * The settings every example gets in its leak test: a scratch {@code DATA_DIR}, two secret
   * bearer tokens (as a JSON array), 127.0.0.2 allowlisted, and three secrets in environment
   * variables the service never reads but a careless one would print.
   */
  public Map<String, String> commonSettings(Path dataDir) {
    tokens = List.of("tok" + secret("HEALTH_TOKENS, first token"),
        "tok" + secret("HEALTH_TOKENS, second token"));
    Map<String, String> env = new HashMap<>();
    env.put("DATA_DIR", dataDir.toString());
    env.put("HEALTH_TOKENS", "[\"" + tokens.get(0) + "\", \"" + tokens.get(1) + "\"]");
    env.put("HEALTH_ALLOWLIST", "127.0.0.2");
    env.put("PGPASSWORD", secret("PGPASSWORD"));
    env.put("AWS_SECRET_ACCESS_KEY", secret("AWS_SECRET_ACCESS_KEY"));
    env.put("DB_PASSWORD", secret("DB_PASSWORD"));
    return env;
  }

  /**
   * Reads {@code /health} in every format and audience, sends a wrong bearer token, a Basic
   * credential and a refused reset of {@code resetPath}, and runs the operator commands; keeps
   * every answer.
   */
  public void probe(ServiceProcess s, String resetPath) throws Exception {
    saw(s.get("/health", null, tokens.get(0)).body());
    saw(s.get("/health?format=ietf", null, tokens.get(1)).body());
    saw(s.get("/health?format=microprofile", "127.0.0.2", null).body());
    saw(s.get("/health", null, "wrong" + secret("a wrong bearer token")).body());
    saw(s.raw("GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
        + secret("a Basic credential") + "\r\nConnection: close\r\n\r\n"));
    saw(s.raw("POST " + resetPath + " HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + secret("a refused reset's token") + "\r\n"
        + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
    for (List<String> command : List.of(List.of("backup", "--json"), List.of("list", "--json"),
        List.of("prune", "--dry-run", "--json"), List.of("backup"), List.of("list"))) {
      saw(s.command(command.toArray(new String[0])));
    }
  }

  /** Adds text the service wrote or answered. */
  public void saw(String text) {
    seen.append(text).append('\n');
  }

  /** Adds a command's stdout and stderr. */
  public void saw(Result result) {
    saw(result.out());
    saw(result.err());
  }

  /** Adds every log and JSON file below {@code folder}: service logs, manifests, drill records. */
  public void sawFilesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log")
          || p.toString().endsWith(".json")).toList()) {
        saw(Files.readString(file));
      }
    }
  }

  /** Runs {@code list} with {@code settings}, which must stop it with exit 2; keeps its output. */
  public void refusedAtStart(Path jar, Map<String, String> settings, Path scratch)
      throws Exception {
    Map<String, String> all = new HashMap<>(settings);
    all.put("DATA_DIR", scratch.resolve("bad").toString());
    Result r = ServiceProcess.command(jar, all, scratch, "list");
    assertThat(r.exit()).as("%s: %s", settings.keySet(), r.err()).isEqualTo(2);
    saw(r);
  }

  /**
   * Asserts that at least {@code minimum} secrets were placed, that the text holds each of
   * {@code evidence} (so the logs really were read), and that no secret appears in it.
   */
  public void assertNoneLeaked(int minimum, String... evidence) {
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(minimum);
    String text = seen.toString();
    assertThat(text).contains(evidence);
    List<String> found = new ArrayList<>();
    secrets.forEach((value, where) -> {
      if (text.contains(value)) {
        found.add(where);
      }
    });
    assertThat(found).as("secrets that reached a log line, an error or an output").isEmpty();
  }
}
