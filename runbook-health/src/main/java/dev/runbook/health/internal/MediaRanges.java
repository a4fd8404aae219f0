package dev.runbook.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@code Accept} header as RFC 9110 section 12.5.1 reads it: media ranges with their weights.
 * A media type's weight is that of the most specific range that matches it ({@code type/subtype}
 * over {@code type/*} over {@code * / *}); {@code q=0} means "not acceptable". Names are compared
 * without regard to case; parameters other than {@code q} do not narrow a match (clients send
 * {@code charset}, which is irrelevant to JSON). A malformed range is ignored, and a malformed
 * weight makes its range count as {@code q=1}, as lenient servers do.
 */
public final class MediaRanges {

  private record Range(String type, String subtype, double q) {
    /** 2 for an exact match, 1 for {@code type/*}, 0 for {@code * / *}, -1 for none. */
    int specificity(String t, String s) {
      if (type.equals("*")) {
        return subtype.equals("*") ? 0 : -1;
      }
      if (!type.equals(t)) {
        return -1;
      }
      if (subtype.equals("*")) {
        return 1;
      }
      return subtype.equals(s) ? 2 : -1;
    }
  }

  private final List<Range> ranges;

  private MediaRanges(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** Parses a header value; null or blank means no ranges. */
  public static MediaRanges parse(String accept) {
    List<Range> ranges = new ArrayList<>();
    if (accept != null) {
      for (String part : accept.split(",")) {
        Range range = range(part);
        if (range != null) {
          ranges.add(range);
        }
      }
    }
    return new MediaRanges(ranges);
  }

  private static Range range(String part) {
    String[] pieces = part.split(";");
    String media = pieces[0].trim().toLowerCase(Locale.ROOT);
    int slash = media.indexOf('/');
    if (slash <= 0 || slash == media.length() - 1 || media.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    String type = media.substring(0, slash).trim();
    String subtype = media.substring(slash + 1).trim();
    if (type.equals("*") && !subtype.equals("*")) {
      return null;
    }
    double q = 1;
    for (int i = 1; i < pieces.length; i++) {
      String parameter = pieces[i].trim();
      int eq = parameter.indexOf('=');
      if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("q")) {
        q = parseWeight(parameter.substring(eq + 1).trim());
      }
    }
    return new Range(type, subtype, q);
  }

  /** RFC 9110: 0 to 1 with at most three decimals; anything else counts as 1. */
  private static double parseWeight(String value) {
    int n = value.length();
    if (n == 0 || n > 5 || (value.charAt(0) != '0' && value.charAt(0) != '1')
        || (n > 1 && value.charAt(1) != '.')) {
      return 1;
    }
    for (int i = 2; i < n; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9' || (value.charAt(0) == '1' && c != '0')) {
        return 1;
      }
    }
    return Double.parseDouble(value);
  }

  /** True when the header named no range at all (absent, blank, or nothing parsable). */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /**
   * The weight this header gives {@code mediaType} ({@code type/subtype}): the q of the most
   * specific matching range, the first such range when several are equally specific; 0 when no
   * range matches.
   */
  public double weightOf(String mediaType) {
    String lower = mediaType.toLowerCase(Locale.ROOT);
    int slash = lower.indexOf('/');
    String type = lower.substring(0, slash);
    String subtype = lower.substring(slash + 1);
    int best = -1;
    double q = 0;
    for (Range range : ranges) {
      int specificity = range.specificity(type, subtype);
      if (specificity > best) {
        best = specificity;
        q = range.q;
      }
    }
    return q;
  }
}
