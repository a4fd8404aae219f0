package dev.runbook.health.sources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest failure per (source, operation), newest first and bounded: recording an operation
 * again moves it to the front; past the bound the oldest goes. A success of the operation drops
 * its issue; the source's circuit closing or being reset drops all of the source's issues.
 */
final class SourceIssues {

  private final int max;
  /** Insertion order is recency: the last entry is the newest. */
  private final LinkedHashMap<String, SourceIssue> issues = new LinkedHashMap<>();
  /** Read without the lock so a success with nothing to clear costs no lock. */
  private volatile int size;

  SourceIssues(int max) {
    this.max = max;
  }

  private static String key(String source, String operation) {
    return source + '\u0000' + operation;
  }

  synchronized void record(SourceIssue issue) {
    String key = key(issue.source(), issue.operation());
    issues.remove(key);
    issues.put(key, issue);
    if (issues.size() > max) {
      Iterator<Map.Entry<String, SourceIssue>> oldest = issues.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
    size = issues.size();
  }

  void clear(String source, String operation) {
    if (size == 0) {
      return;
    }
    synchronized (this) {
      issues.remove(key(source, operation));
      size = issues.size();
    }
  }

  synchronized void clearSource(String source) {
    issues.values().removeIf(i -> i.source().equals(source));
    size = issues.size();
  }

  /** Newest first. */
  synchronized List<SourceIssue> list() {
    List<SourceIssue> list = new ArrayList<>(issues.values());
    Collections.reverse(list);
    return Collections.unmodifiableList(list);
  }
}
