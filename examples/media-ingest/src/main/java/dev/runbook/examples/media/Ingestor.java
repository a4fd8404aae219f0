package dev.runbook.examples.media;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.health.jobs.JobSkipped;
import dev.runbook.health.sources.FailureReason;
import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.SourceException;
import dev.runbook.health.sources.SourceUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code ingest-<source>} job: fetches a page of items from one external source over HTTP,
 * behind that source's circuit breaker, checks it, and puts it in the ingest queue, where the
 * {@code ingest-worker} job takes it. A failed fetch fails the run; while the circuit is open the
 * run is skipped.
 */
final class Ingestor {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final IngestionSource source;
  private final URI base;
  private final PageQueue pages;
  private final HttpClient http;

  Ingestor(IngestionSource source, URI base, PageQueue pages, HttpClient http) {
    this.source = source;
    this.base = base;
    this.pages = pages;
    this.http = http;
  }

  void run() {
    source.skipWhileOpen();
    try {
      Page page = source.call("fetch", this::fetch);
      pages.enqueue(source.name(), page.raw()); // a worker stores its items

    } catch (SourceUnavailableException e) {
      throw new JobSkipped(source.name() + "'s circuit opened; next try in "
          + e.cooldownRemaining().toSeconds() + " s");
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalStateException("ingest from " + source.name() + " failed: " + why, e);
    }
  }

  private record Page(List<Map<String, Object>> items, String raw) {}

  /** The items of a page {@link #fetch} accepted. */
  static List<Map<String, Object>> items(String page) throws java.io.IOException {
    return JSON.convertValue(JSON.readTree(page).get("items"),
        new TypeReference<List<Map<String, Object>>>() {});
  }

  private Page fetch() throws Exception {
    String path = base.getPath().endsWith("/") ? base.getPath() + "items"
        : base.getPath() + "/items";
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    SourceException.checkStatus(response.statusCode(),
        response.headers().firstValue("Retry-After").orElse(null));
    JsonNode items;
    try {
      items = JSON.readTree(response.body()).get("items");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw SourceException.of(FailureReason.PARSE, "the answer is not JSON: "
          + e.getOriginalMessage());
    }
    if (items == null || !items.isArray()) {
      throw SourceException.of(FailureReason.PARSE, "the answer has no \"items\" array");
    }
    List<Map<String, Object>> list = JSON.convertValue(items,
        new TypeReference<List<Map<String, Object>>>() {});
    return new Page(list, response.body());
  }
}
