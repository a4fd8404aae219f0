package dev.runbook.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that is about to be shown or logged, and bounds its length.
 *
 * <p>Every {@code last_error}, log event detail and payload string in runbook passes through a
 * redactor, so a driver exception that quotes its connection URL does not leak a password into
 * {@code /health}. The defaults mask:
 *
 * <ul>
 *   <li>passwords in URLs ({@code postgres://app:s3cret@db/x}, {@code jdbc:mysql://root:pw@h}) and
 *       Oracle's {@code jdbc:oracle:thin:scott/tiger@host};
 *   <li>values of secret-named keys in {@code key=value}, {@code key: value} and JSON {@code
 *       "key": "value"} form, where the key ends with password, passwd, pwd, secret, token, key
 *       (so {@code api_key}, {@code access_key} and Google's {@code ?key=}), credential or
 *       signature (in any case, with an
 *       optional plural: {@code PGPASSWORD}, {@code client_secret}, {@code HEALTH_TOKENS});
 *   <li>{@code Authorization} / {@code Proxy-Authorization} header values and bare {@code Bearer}
 *       tokens, keeping the scheme;
 *   <li>AWS-style access key ids, PEM private key blocks, JSON Web Tokens, and GitHub, Slack and
 *       Stripe token shapes.
 * </ul>
 *
 * <p>A masked value becomes {@value #MASK}. Text longer than {@link #maxLength()} is cut and ends
 * with a note of its full length; the result is never longer than the bound. Over-masking is
 * preferred to leaking: a harmless {@code PWD=/srv/app} is masked too.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.builder().maxLength(500).secretKey("session").build();
 * redactor.redact("FATAL: password=hunter2 rejected"); // "FATAL: password=*** rejected"
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Redactor {

  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** The default bound on a redacted string's length, in chars. */
  public static final int DEFAULT_MAX_LENGTH = 1000;

  private static final int MIN_MAX_LENGTH = 64;

  private static final String SECRET_KEYS =
      "password|passwd|pwd|secret|token|key|api[_-]?key|apikey|access[_-]?key|private[_-]?key"
          + "|credential|signature";

  private static final Redactor DEFAULTS = builder().build();

  private final List<Rule> rules;
  private final int maxLength;

  private Redactor(List<Rule> rules, int maxLength) {
    this.rules = List.copyOf(rules);
    this.maxLength = maxLength;
  }

  /** A redactor with the default rules and length bound. */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the default rules. */
  public static Builder builder() {
    return new Builder();
  }

  /** The longest string {@link #redact} returns. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * The text with every secret masked and every control character escaped ({@code \n}, {@code
   * \t}, {@code \u0000}...), so input can never forge a log line; cut to {@link #maxLength()};
   * null stays null.
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (Rule rule : rules) {
      result = rule.apply(result);
    }
    return bound(escapeControls(result));
  }

  /** {@code \n}, {@code \r}, {@code \t} and {@code \}{@code uXXXX} for every other control. */
  static String escapeControls(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * A throwable as an operator should read it: its redacted message (or its type where it has
   * none), then each cause's whose message adds something, as {@code ... (caused by Type:
   * message)}. Causes are where drivers quote their connection URLs, so they are redacted too.
   */
  public String redact(Throwable error) {
    if (error == null) {
      return null;
    }
    StringBuilder text = new StringBuilder(describe(error));
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    seen.add(error);
    String shown = text.toString();
    for (Throwable cause = error.getCause(); cause != null && seen.add(cause) && seen.size() <= 8;
        cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message == null || message.isBlank() || shown.contains(message)) {
        continue;
      }
      text.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ")
          .append(message).append(')');
      shown = text.toString();
    }
    return redact(text.toString());
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getName() : message;
  }

  private String bound(String text) {
    if (text.length() <= maxLength) {
      return text;
    }
    String note = "... (truncated, " + text.length() + " chars in all)";
    return text.substring(0, maxLength - note.length()) + note;
  }

  /** Builds a {@link Redactor}; every option is checked when it is set. */
  public static final class Builder {
    private int maxLength = DEFAULT_MAX_LENGTH;
    private final List<String> extraKeys = new ArrayList<>();
    private final List<Pattern> extraPatterns = new ArrayList<>();
    private final List<String> literals = new ArrayList<>();

    private Builder() {}

    /**
     * The longest string the redactor returns.
     *
     * @throws IllegalArgumentException if below 64, too short to say anything useful
     */
    public Builder maxLength(int maxLength) {
      if (maxLength < MIN_MAX_LENGTH) {
        throw new IllegalArgumentException(
            "maxLength " + maxLength + " is too small; use at least " + MIN_MAX_LENGTH);
      }
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Another key whose values are secret, matched like the built-in ones (case-insensitive, as
     * the end of a key, in {@code key=value}, {@code key: value} and JSON form).
     */
    public Builder secretKey(String key) {
      if (key == null || !key.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "secret key \"" + key + "\" must be letters, digits, '_', '.' or '-'");
      }
      extraKeys.add(Pattern.quote(key));
      return this;
    }

    /**
     * Secret values the service holds, e.g. its configured bearer tokens: masked wherever they
     * appear, whatever surrounds them. Values shorter than 8 characters are refused, since
     * masking them would hide ordinary words.
     */
    public Builder secretValues(java.util.Collection<String> values) {
      for (String value : values) {
        if (value == null || value.length() < 8) {
          throw new IllegalArgumentException("a secret value to mask must be at least 8"
              + " characters long; got one of " + (value == null ? 0 : value.length()));
        }
        literals.add(value);
      }
      return this;
    }

    /** Another pattern whose every match is replaced by {@value Redactor#MASK}. */
    public Builder pattern(Pattern pattern) {
      extraPatterns.add(Objects.requireNonNull(pattern, "pattern must not be null"));
      return this;
    }

    public Redactor build() {
      String keys = SECRET_KEYS + (extraKeys.isEmpty() ? "" : "|" + String.join("|", extraKeys));
      String key = "[\\w.-]*(?:" + keys + ")s?";
      List<Rule> rules = new ArrayList<>();
      // Whole blocks and self-describing token shapes first, so later rules see only the mask.
      rules.add(Rule.constant(
          "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
          "-----BEGIN PRIVATE KEY-----" + MASK + "-----END PRIVATE KEY-----"));
      rules.add(new Rule(
          Pattern.compile(
              "(?i)\\b((?:proxy-)?authorization\"?\\s*[:=]\\s*\"?)"
                  + "(?:(bearer|basic|digest|token|negotiate|aws4-hmac-sha256)\\s+)?"
                  + "(?!\\*\\*\\*)[^\\s\",;]+"),
          m -> m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK));
      rules.add(new Rule(
          Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9\\-._~+/]+=*"),
          m -> m.group(1) + " " + MASK));
      rules.add(Rule.constant("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*", MASK));
      rules.add(Rule.constant("\\bgh[pousr]_[A-Za-z0-9]{20,}", MASK));
      rules.add(Rule.constant("\\bxox[abprs]-[A-Za-z0-9-]{10,}", MASK));
      rules.add(Rule.constant("\\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}", MASK));
      rules.add(new Rule(
          Pattern.compile("\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"),
          m -> m.group(1) + MASK));
      // user:password@ in any URL, including jdbc:mysql://, postgres:// and https://.
      rules.add(new Rule(
          Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/\\s:@]+):([^/\\s]*)@"),
          m -> m.group(1) + m.group(2) + ":" + MASK + "@"));
      rules.add(new Rule(
          Pattern.compile("(?i)(jdbc:oracle:\\w+:@?)([^/@\\s:]+)/([^@\\s]+)@"),
          m -> m.group(1) + m.group(2) + "/" + MASK + "@"));
      // user:password@host without a scheme, as resolvers quote a host they could not find
      rules.add(new Rule(
          Pattern.compile("(?<![\\w/:.@-])([\\w.%+-]+):(?!\\*\\*\\*@)([^\\s:@/]+)@(?=[\\w\\[])"),
          m -> m.group(1) + ":" + MASK + "@"));
      // a key carried in a URL's path (webhooks, bot tokens): a long segment of letters and
      // digits mixed, which no route name looks like
      rules.add(new Rule(
          Pattern.compile("(://[^/\\s]+(?:/[^/\\s?#]*)*?/)"
              + "((?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,})(?=[/?#\\s\"']|$)"),
          m -> m.group(1) + MASK));
      // "password": "..." in JSON, and then password=... / password: ... anywhere. A comma does
      // not end an unquoted secret: HEALTH_TOKENS=a,b must lose both tokens.
      rules.add(new Rule(
          Pattern.compile(
              "(?i)(\"" + key + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,}\\]]+)"),
          m -> m.group(1) + (m.group(2).startsWith("\"") ? "\"" + MASK + "\"" : MASK)));
      rules.add(new Rule(
          Pattern.compile(
              "(?i)(?<![\\w.-])(" + key + ")(\\s*[=:]\\s*)"
                  + "(\"[^\"]*\"|'[^']*'|(?!\\*\\*\\*)[^\\s&;\"'<>)}\\]]+)"),
          m -> {
            String value = m.group(3);
            char first = value.charAt(0);
            String masked = first == '"' || first == '\'' ? first + MASK + first : MASK;
            return m.group(1) + m.group(2) + masked;
          }));
      for (Pattern pattern : extraPatterns) {
        rules.add(new Rule(pattern, m -> MASK));
      }
      if (!literals.isEmpty()) {
        // longest first, so a secret that contains another is masked whole
        List<String> sorted = new ArrayList<>(literals);
        sorted.sort((a, b) -> b.length() - a.length());
        StringBuilder alternatives = new StringBuilder();
        for (String literal : sorted) {
          alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(literal));
        }
        rules.add(0, new Rule(Pattern.compile(alternatives.toString()), m -> MASK));
      }
      return new Redactor(rules, maxLength);
    }
  }

  private static final class Rule {
    private final Pattern pattern;
    private final Function<MatchResult, String> replacement;

    Rule(Pattern pattern, Function<MatchResult, String> replacement) {
      this.pattern = pattern;
      this.replacement = replacement;
    }

    static Rule constant(String regex, String replacement) {
      return new Rule(Pattern.compile(regex), m -> replacement);
    }

    String apply(String text) {
      Matcher matcher = pattern.matcher(text);
      return matcher.find()
          ? matcher.reset().replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)))
          : text;
    }
  }
}
