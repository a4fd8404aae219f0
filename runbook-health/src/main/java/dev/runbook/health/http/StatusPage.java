package dev.runbook.health.http;

import dev.runbook.core.Status;
import dev.runbook.health.CheckSnapshot;
import dev.runbook.health.HealthReport;
import dev.runbook.health.StatusChange;
import dev.runbook.health.alerts.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML of {@code /health/ui}: one self-contained page for the operator paged at night. Every
 * value is escaped where it is written; nothing in the page comes from outside the server. The
 * inline style and script are allowed by their hashes in {@link #CSP}, so the page runs with
 * nothing else: no external request, no inline handler, no {@code eval}. Without JavaScript it is
 * a snapshot; with it, it asks the server again every 5 s ({@code ?format=json}) and counts open
 * circuits' cooldowns down each second.
 *
 * <p>An authorised caller sees, in this order: the overall status and the reasons it is not
 * {@code ok}; each check; the jobs; the circuits and their issues; the backups; the active
 * alerts; the last 50 status changes. Anyone else sees the overall status and nothing that names
 * a check, a job or a source.
 */
final class StatusPage {

  private static final String STYLE = "body{font:15px/1.4 system-ui,sans-serif;margin:0;"
      + "background:#f6f6f4;color:#1d1d1b}main{max-width:60rem;margin:0 auto;padding:1rem}"
      + "h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.4rem 0 .4rem}"
      + "table{border-collapse:collapse;width:100%;background:#fff}"
      + "th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #ddd;"
      + "vertical-align:top;overflow-wrap:anywhere}th{font-weight:600;font-size:.85rem}"
      + ".st{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;font-weight:700;"
      + "font-size:.8rem;text-transform:uppercase;white-space:nowrap}"
      + ".ok{background:#d7f0d8;color:#14541a}"
      + ".degraded,.warning,.half_open{background:#fcebc4;color:#6b4500}"
      + ".down,.critical,.open,.forced_open,.fail,.failing{background:#f9d3d0;color:#7d1410}"
      + ".paused,.none{background:#e3e3e3;color:#333}.big{font-size:1.1rem}"
      + ".muted{color:#666;font-size:.85rem}ul,ol{padding-left:1.2rem}"
      + "@media (max-width:40rem){th:nth-child(n+4),td:nth-child(n+4){display:none}}";

  private static final String SCRIPT = "(function(){var page=document.getElementById('page');"
      + "function tick(){var c=document.querySelectorAll('[data-cd]');"
      + "for(var i=0;i<c.length;i++){var s=parseInt(c[i].getAttribute('data-cd'),10);"
      + "if(s>0){s--;c[i].setAttribute('data-cd',String(s));c[i].textContent=s+' s';}}}"
      + "function poll(){fetch(location.pathname+'?format=json',{cache:'no-store',"
      + "credentials:'same-origin',headers:{'Accept':'application/json'}})"
      + ".then(function(r){return r.json();}).then(function(j){page.innerHTML=j.html;"
      + "document.title=j.title;}).catch(function(){var s=document.getElementById('stale');"
      + "if(s){s.hidden=false;}});}"
      + "setInterval(tick,1000);setInterval(poll,5000);})();";

  /** The page's policy: its own style and script by hash, requests to itself, nothing else. */
  static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE) + "'; script-src '"
      + sha256(SCRIPT) + "'; connect-src 'self'; img-src 'none'; base-uri 'none';"
      + " form-action 'none'; frame-ancestors 'none'";

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private StatusPage() {}

  private static String sha256(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole page. */
  static String page(HealthReport report, boolean details, List<Alert> alerts,
      List<StatusChange> changes, Instant now) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<meta name=\"referrer\" content=\"no-referrer\"><title>" + esc(title(report, details))
        + "</title><style>" + STYLE + "</style></head><body><main id=\"page\">"
        + main(report, details, alerts, changes, now) + "</main><script>" + SCRIPT
        + "</script></body></html>";
  }

  static String title(HealthReport report, boolean details) {
    String status = report.status().wireName().toUpperCase(Locale.ROOT);
    return details && report.service() != null ? status + " - " + report.service() : status;
  }

  /** What the page's {@code <main>} holds; the JSON refresh sends it alone. */
  static String main(HealthReport report, boolean details, List<Alert> alerts,
      List<StatusChange> changes, Instant now) {
    StringBuilder h = new StringBuilder(8192);
    String status = report.status().wireName();
    h.append("<header><h1>").append(details && report.service() != null
        ? esc(report.service()) : "Service status").append("</h1><p class=\"big\">")
        .append(badge(status)).append(' ').append(esc(words(report.status(), details)))
        .append("</p><p class=\"muted\">as of ").append(time(report.checkedAt(), now))
        .append(" <span id=\"stale\" hidden>(the page could not refresh; this may be old)</span>"
            + "</p>");
    if (!details) {
      return h.append("<p class=\"muted\">Details are shown to allowlisted addresses and"
          + " credential holders only.</p></header>").toString();
    }
    List<String> reasons = new ArrayList<>();
    for (CheckSnapshot c : report.checks()) {
      if (c.status() != Status.OK) {
        reasons.add(c.name() + " is " + c.status().wireName() + c.error().map(e -> ": " + e)
            .orElse(""));
      }
    }
    if (!reasons.isEmpty()) {
      h.append("<ul class=\"reasons\">");
      reasons.forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
      h.append("</ul>");
    }
    h.append("</header>");
    checks(h, report, now);
    for (CheckSnapshot c : report.checks()) {
      if (c.details().get("jobs") instanceof Map<?, ?> jobs
          && c.details().containsKey("failing_jobs")) {
        jobs(h, c, jobs, now);
      }
    }
    for (CheckSnapshot c : report.checks()) {
      if (c.details().get("sources") instanceof Map<?, ?> sources) {
        circuits(h, c, sources, now);
      }
    }
    for (CheckSnapshot c : report.checks()) {
      if (c.details().containsKey("last_backup_at")) {
        backups(h, c, now);
      }
    }
    if (alerts != null) {
      h.append("<section><h2>Active alerts</h2>");
      if (alerts.isEmpty()) {
        h.append("<p>None.</p>");
      } else {
        h.append("<table><tr><th>alert</th><th>severity</th><th>since</th><th>reason</th></tr>");
        for (Alert a : alerts) {
          h.append("<tr><td>").append(esc(a.key())).append("</td><td>")
              .append(badge(a.severity().name().toLowerCase(Locale.ROOT))).append("</td><td>")
              .append(time(a.raisedAt(), now)).append("</td><td>").append(esc(a.reason()))
              .append("</td></tr>");
        }
        h.append("</table>");
      }
      h.append("</section>");
    }
    h.append("<section><h2>Recent status changes</h2>");
    if (changes.isEmpty()) {
      h.append("<p>None since the service started.</p>");
    } else {
      h.append("<ol>");
      for (StatusChange c : changes) {
        h.append("<li>").append(time(c.at(), now)).append(": ").append(esc(c.check()))
            .append(' ').append(esc(c.from().map(Status::wireName).orElse("unknown")))
            .append(" &rarr; ").append(badge(c.to().wireName()))
            .append(c.error().map(e -> " " + esc(e)).orElse("")).append("</li>");
      }
      h.append("</ol>");
    }
    return h.append("</section>").toString();
  }

  private static void checks(StringBuilder h, HealthReport report, Instant now) {
    h.append("<section><h2>Checks</h2><table><tr><th>check</th><th>status</th><th>took</th>"
        + "<th>result from</th><th>error</th></tr>");
    for (CheckSnapshot c : report.checks()) {
      h.append("<tr><td>").append(esc(c.name())).append(c.critical() ? ""
          : " <span class=\"muted\">(non-critical)</span>").append("</td><td>")
          .append(badge(c.status().wireName())).append(c.timedOut() ? " timed out" : "")
          .append("</td><td>").append(c.duration().toMillis()).append(" ms</td><td>")
          .append(ago(c.checkedAt(), now)).append("</td><td>")
          .append(esc(c.error().orElse(""))).append("</td></tr>");
    }
    h.append("</table></section>");
  }

  private static void jobs(StringBuilder h, CheckSnapshot section, Map<?, ?> jobs, Instant now) {
    Object threshold = section.details().get("failure_threshold");
    List<?> failing = list(section.details().get("failing_jobs"));
    List<?> overdue = list(section.details().get("overdue_jobs"));
    List<?> stuck = list(section.details().get("stuck_jobs"));
    List<?> paused = list(section.details().get("paused_jobs"));
    h.append("<section><h2>Jobs</h2><table><tr><th>job</th><th>state</th>"
        + "<th>failures in a row</th><th>last error</th><th>next run</th></tr>");
    for (Map.Entry<?, ?> e : jobs.entrySet()) {
      String name = String.valueOf(e.getKey());
      Map<?, ?> job = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
      List<String> states = new ArrayList<>();
      if (failing.contains(name)) {
        states.add("failing");
      }
      if (overdue.contains(name)) {
        states.add("overdue");
      }
      if (stuck.contains(name)) {
        states.add("stuck");
      }
      if (paused.contains(name) || Boolean.TRUE.equals(job.get("paused"))) {
        states.add("paused");
      }
      if (Boolean.TRUE.equals(job.get("running"))) {
        states.add("running");
      }
      StringBuilder badges = new StringBuilder();
      if (states.isEmpty()) {
        badges.append(badge("ok"));
      }
      states.forEach(s -> badges.append(badge(s.equals("overdue") || s.equals("stuck")
          ? "degraded" : s.equals("running") ? "ok" : s, s)).append(' '));
      h.append("<tr><td>").append(esc(name)).append("</td><td>").append(badges)
          .append("</td><td>").append(esc(String.valueOf(job.get("consecutive_failures"))))
          .append(" of ").append(esc(String.valueOf(job.get("failure_threshold") != null
              ? job.get("failure_threshold") : threshold))).append("</td><td>")
          .append(esc(job.get("last_error") == null ? "" : String.valueOf(job.get("last_error"))))
          .append("</td><td>").append(job.get("next_run_at") == null ? "not scheduled"
              : time(job.get("next_run_at"), now)).append("</td></tr>");
    }
    h.append("</table></section>");
  }

  private static void circuits(StringBuilder h, CheckSnapshot section, Map<?, ?> sources,
      Instant now) {
    h.append("<section><h2>Circuits</h2><table><tr><th>source</th><th>circuit</th>"
        + "<th>cooldown left</th><th>failure rate</th><th>last error</th></tr>");
    for (Map.Entry<?, ?> e : sources.entrySet()) {
      Map<?, ?> s = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
      String state = String.valueOf(s.get("state"));
      long cooldown = s.get("cooldown_remaining_s") instanceof Number n ? n.longValue() : 0;
      h.append("<tr><td>").append(esc(String.valueOf(e.getKey()))).append("</td><td>")
          .append(badge(state.equals("closed") ? "ok" : state, state.replace('_', '-')))
          .append("</td><td>").append(cooldown > 0 ? "<span data-cd=\"" + cooldown + "\">"
              + cooldown + " s</span>" : "-").append("</td><td>")
          .append(s.get("failure_rate") == null ? "-" : esc(s.get("failure_rate") + " %"))
          .append("</td><td>").append(esc(s.get("last_error") == null ? ""
              : String.valueOf(s.get("last_error")))).append("</td></tr>");
    }
    h.append("</table>");
    List<?> issues = list(section.details().get("issues"));
    if (!issues.isEmpty()) {
      h.append("<h2>Source issues</h2><ul>");
      for (Object o : issues) {
        Map<?, ?> i = o instanceof Map<?, ?> m ? m : Map.of();
        h.append("<li>").append(time(i.get("at"), now)).append(": ")
            .append(esc(i.get("source") + " " + i.get("operation") + ": " + i.get("reason")
                + (i.get("last_error") == null ? "" : " (" + i.get("last_error") + ")")))
            .append("</li>");
      }
      h.append("</ul>");
    }
    h.append("</section>");
  }

  private static void backups(StringBuilder h, CheckSnapshot c, Instant now) {
    Map<String, Object> d = c.details();
    h.append("<section><h2>Backups</h2><table>");
    row(h, "last backup", d.get("last_backup_at") == null ? "none yet"
        : time(d.get("last_backup_at"), now));
    row(h, "last passing drill", d.get("last_passed_drill_at") == null ? "none yet"
        : time(d.get("last_passed_drill_at"), now));
    row(h, "last drill's outcome", d.get("last_drill_outcome") == null ? "no drill yet"
        : badge(String.valueOf(d.get("last_drill_outcome")).equals("pass") ? "ok" : "fail",
            String.valueOf(d.get("last_drill_outcome"))));
    row(h, "last offsite copy", d.get("offsite_synced_at") == null ? "none"
        : time(d.get("offsite_synced_at"), now));
    row(h, "backups kept", esc(String.valueOf(d.get("backups"))));
    h.append("</table></section>");
  }

  private static void row(StringBuilder h, String what, String html) {
    h.append("<tr><th>").append(esc(what)).append("</th><td>").append(html).append("</td></tr>");
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static String words(Status s, boolean details) {
    return switch (s) {
      case OK -> "everything answers";
      case DEGRADED -> details ? "working, with problems below" : "working, with problems";
      case DOWN -> "not working";
    };
  }

  private static String badge(String cssClass) {
    return badge(cssClass, cssClass);
  }

  /** Status by colour (its class) and by text. */
  private static String badge(String cssClass, String text) {
    String c = cssClass.replaceAll("[^a-z_]", "");
    return "<span class=\"st " + c + "\">" + esc(text) + "</span>";
  }

  /** {@code 2026-12-03 03:15:00 UTC (5 min ago)}; a value that is no time is shown as text. */
  static String time(Object value, Instant now) {
    Instant at = instant(value);
    if (at == null) {
      return esc(String.valueOf(value));
    }
    return esc(UTC.format(at) + " UTC") + " <span class=\"muted\">(" + ago(at, now) + ")</span>";
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code 5 min ago}, {@code in 3 h}. */
  static String ago(Instant at, Instant now) {
    Duration d = Duration.between(at, now);
    boolean future = d.isNegative();
    long s = Math.abs(d.toSeconds());
    String span = s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h"
        : s / 86_400 + " d";
    return future ? "in " + span : span + " ago";
  }

  /** Escapes text for HTML content and quoted attributes. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
