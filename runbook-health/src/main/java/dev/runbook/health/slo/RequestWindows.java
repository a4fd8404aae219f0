package dev.runbook.health.slo;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The request SLIs of one route group in bounded memory: counts, errors and a latency histogram in
 * time buckets, never a list of samples. Two rings: one-minute buckets for the last six hours and
 * one-hour buckets for the last 31 days, so every window from five minutes to a month is read
 * from whole buckets (a window may reach back up to one bucket further than asked). Memory is
 * fixed at construction ({@link #footprintBytes}), however many requests are recorded.
 *
 * <p>Thread-safe; each record takes one short lock.
 */
public final class RequestWindows {

  /**
   * Upper bounds of the latency buckets in microseconds: 1 ms to about 60 s, each about 1.3 times
   * the last, and a last bucket for anything slower.
   */
  static final long[] BOUNDS_MICROS = bounds();

  private final Clock clock;
  private final Ring minutes = new Ring(Duration.ofMinutes(1), 6 * 60);
  private final Ring hours = new Ring(Duration.ofHours(1), 31 * 24);

  public RequestWindows(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static long[] bounds() {
    long[] b = new long[43];
    double v = 1000;
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.round(v);
      v *= 1.3;
    }
    return b;
  }

  /** Records one request that took {@code latency} and failed or not. */
  public void record(Duration latency, boolean error) {
    long micros = Math.max(0, latency.toNanos() / 1000);
    int bucket = bucketOf(micros);
    long now = clock.millis();
    synchronized (this) {
      minutes.add(now, bucket, error);
      hours.add(now, bucket, error);
    }
  }

  static int bucketOf(long micros) {
    int lo = 0;
    int hi = BOUNDS_MICROS.length;
    while (lo < hi) { // the first bound at or above the value; BOUNDS.length for the overflow
      int mid = (lo + hi) >>> 1;
      if (BOUNDS_MICROS[mid] < micros) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * What was recorded over the last {@code length} (at least one minute, at most 31 days), read
   * from one-minute buckets up to six hours and one-hour buckets beyond.
   */
  public Window window(Duration length) {
    if (length.compareTo(Duration.ofMinutes(1)) < 0 || length.compareTo(Duration.ofDays(31)) > 0) {
      throw new IllegalArgumentException("window " + length + " is outside 1 minute..31 days");
    }
    Ring ring = length.compareTo(Duration.ofHours(6)) <= 0 ? minutes : hours;
    long now = clock.millis();
    synchronized (this) {
      return ring.sum(now, length);
    }
  }

  /** The fixed memory the buckets take, in bytes (arrays only). */
  public long footprintBytes() {
    return minutes.bytes() + hours.bytes();
  }

  /** One ring of equal time buckets. */
  private static final class Ring {
    private final long width;
    private final long[] period; // which bucket-period each slot holds now
    private final long[] requests;
    private final long[] errors;
    private final long[][] latency;

    Ring(Duration width, int slots) {
      this.width = width.toMillis();
      this.period = new long[slots];
      java.util.Arrays.fill(period, Long.MIN_VALUE);
      this.requests = new long[slots];
      this.errors = new long[slots];
      this.latency = new long[slots][BOUNDS_MICROS.length + 1];
    }

    void add(long now, int bucket, boolean error) {
      long p = Math.floorDiv(now, width);
      int slot = Math.floorMod(p, period.length);
      if (period[slot] != p) { // a slot left from an earlier turn of the ring
        period[slot] = p;
        requests[slot] = 0;
        errors[slot] = 0;
        java.util.Arrays.fill(latency[slot], 0);
      }
      requests[slot]++;
      if (error) {
        errors[slot]++;
      }
      latency[slot][bucket]++;
    }

    Window sum(long now, Duration length) {
      long last = Math.floorDiv(now, width);
      long count = Math.min(period.length, (length.toMillis() + width - 1) / width);
      long total = 0;
      long failed = 0;
      long[] histogram = new long[BOUNDS_MICROS.length + 1];
      for (long p = last - count + 1; p <= last; p++) {
        int slot = Math.floorMod(p, period.length);
        if (period[slot] == p) {
          total += requests[slot];
          failed += errors[slot];
          for (int i = 0; i < histogram.length; i++) {
            histogram[i] += latency[slot][i];
          }
        }
      }
      return new Window(Duration.ofMillis(count * width), total, failed, histogram);
    }

    long bytes() {
      return 8L * (period.length * 3L + (long) latency.length * latency[0].length);
    }
  }

  /**
   * What a window holds: requests, errors, and the latency histogram ({@link #BOUNDS_MICROS}).
   *
   * @param length the whole buckets it covers
   */
  public record Window(Duration length, long requests, long errors, long[] histogram) {

    /** Whether any request was recorded: an empty window has no availability at all. */
    public boolean empty() {
      return requests == 0;
    }

    /** The share of requests that did not fail, 0..1; NaN when empty. */
    public double availability() {
      return empty() ? Double.NaN : 1 - errors / (double) requests;
    }

    /** The share of requests that failed, 0..1; NaN when empty. */
    public double errorRate() {
      return empty() ? Double.NaN : errors / (double) requests;
    }

    /**
     * The latency at quantile {@code q} (0.95 for p95), as the upper bound of its histogram
     * bucket (within 30 % above the true value); null when empty or slower than a minute.
     */
    public Duration percentile(double q) {
      if (empty()) {
        return null;
      }
      long rank = (long) Math.ceil(q * requests);
      long seen = 0;
      for (int i = 0; i < histogram.length; i++) {
        seen += histogram[i];
        if (seen >= Math.max(1, rank)) {
          return i < BOUNDS_MICROS.length ? Duration.ofNanos(BOUNDS_MICROS[i] * 1000) : null;
        }
      }
      return null;
    }

    /**
     * The share of requests slower than {@code limit} (counted by whole histogram buckets: a
     * request is slow when its bucket lies above the limit); NaN when empty.
     */
    public double slowerThan(Duration limit) {
      if (empty()) {
        return Double.NaN;
      }
      int first = bucketOf(limit.toNanos() / 1000) + 1;
      long slow = 0;
      for (int i = first; i < histogram.length; i++) {
        slow += histogram[i];
      }
      return slow / (double) requests;
    }
  }
}
