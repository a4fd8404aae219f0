package dev.runbook.examples.bibliotheca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.examples.support.ServiceProcess;
import dev.runbook.examples.support.ServiceProcess.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bibliotheca's status page in headless Chromium (Debian's package, driven by playwright-core
 * from {@code src/test/browser}): a failing job, an open circuit whose cooldown counts down, the
 * backup ages; nothing but the status for a stranger; no request outside the server and no
 * policy violation. It saves the screenshot the README shows, {@code docs/status-page.png}.
 */
class StatusPageBrowserIT {

  static final Path BROWSER = Path.of("src", "test", "browser").toAbsolutePath();
  static final Path SCREENSHOT = Path.of("..", "..", "docs", "status-page.png").toAbsolutePath()
      .normalize();
  static final String TOKEN = "it-token-0123456789abcdef";

  @TempDir Path scratch;
  ServiceProcess service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  static void requireBrowser() {
    String missing = null;
    if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
      missing = "playwright-core is not installed (npm ci --prefix "
          + "examples/bibliotheca/src/test/browser)";
    } else if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      missing = "Chromium is not installed (apt-get install chromium)";
    }
    if (missing != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("under CI=true the browser test must run: " + missing);
      }
      System.out.println("SKIPPED: " + missing);
      Assumptions.abort(missing);
    }
  }

  @Test
  void theStatusPageShowsWhatIsWrongToAnOperatorAndNothingToAStranger() throws Exception {
    requireBrowser();
    int closed = ServiceProcess.freePort();
    Map<String, String> env = new HashMap<>(Map.of(
        "DATA_DIR", scratch.resolve("data").toString(),
        "HEALTH_TOKENS", TOKEN,
        "EMAIL_PROVIDER_URL", "http://127.0.0.1:" + closed,
        "REMINDER_INTERVAL", "1s",
        "JOB_FAILURE_THRESHOLD", "3",
        "SOURCE_EMAIL_MINIMUM_CALLS", "3",
        "SOURCE_EMAIL_COOLDOWN", "10m"));
    service = ServiceProcess.serve(BibliothecaIT.JAR, env, scratch.resolve("serve.log"));
    Result backup = service.command("backup");
    assertThat(backup.exit()).as(backup.err()).isZero();
    assertThat(service.post("/loans", "{\"book_id\": 1, \"member\": \"ada@example.org\"}")
        .status()).isEqualTo(201);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String html = "";
    while (System.nanoTime() < deadline) {
      html = service.get("/health/ui?format=json", null, TOKEN).body();
      if (html.contains("failing") && html.contains("data-cd")) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    assertThat(html).as("the job fails and the circuit opens").contains("failing", "data-cd");

    Files.createDirectories(SCREENSHOT.getParent());
    ProcessBuilder pb = new ProcessBuilder("node", BROWSER.resolve("status-page.mjs").toString(),
        "http://127.0.0.1:" + service.port(), TOKEN, SCREENSHOT.toString())
        .directory(BROWSER.toFile()).redirectError(scratch.resolve("browser.err").toFile());
    Process node = pb.start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(Files.readString(scratch.resolve("browser.err"))).isZero();
    JsonNode seen = new ObjectMapper().readTree(out);
    assertThat(seen.has("error")).as(seen.path("error").asText()).isFalse();

    String text = seen.get("text").asText();
    assertThat(text).contains("overdue-reminders", "failing", "3 of 3", "email", "open",
        "last backup", "last passing drill", "last offsite copy", "Recent status changes");
    assertThat(seen.get("title").asText()).startsWith("DEGRADED");
    assertThat(seen.get("cooldowns").get(1).asInt()).as("the cooldown counts down")
        .isLessThan(seen.get("cooldowns").get(0).asInt()).isPositive();
    assertThat(seen.get("poll").asText()).endsWith("/health/ui?format=json");
    assertThat(seen.get("textAfterPoll").asText()).contains("overdue-reminders");
    String base = "http://127.0.0.1:" + service.port() + "/";
    for (JsonNode url : seen.get("requests")) {
      assertThat(url.asText()).as("no request outside the server").startsWith(base);
    }
    assertThat(seen.get("violations")).as("no Content-Security-Policy violation").isEmpty();
    List<String> console = new ObjectMapper().convertValue(seen.get("console"),
        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {});
    assertThat(console).noneMatch(line -> line.contains("Content Security Policy"));

    String stranger = seen.get("strangerText").asText();
    assertThat(stranger).contains("DEGRADED").doesNotContain("overdue-reminders", "email",
        "database", "scheduler", "ingestion", "disk");
    assertThat(seen.get("strangerHtml").asText()).doesNotContain("overdue-reminders");
    assertThat(Files.size(SCREENSHOT)).as("the screenshot the README shows").isPositive();
  }
}
