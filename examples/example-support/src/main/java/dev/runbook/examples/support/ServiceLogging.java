package dev.runbook.examples.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The examples' logging, set up in code when logback starts (found through {@code
 * META-INF/services}): one line an event on stderr, so that an operator command's stdout holds
 * only its own output, at INFO, in the pattern {@link #PATTERN} (UTC time, level, logger, message,
 * key-value pairs). In code rather than in a {@code logback.xml} because reading an XML
 * configuration cost every start of an example's jar about 0.2 s, operator commands included
 * ({@code list}: 0.53 to 0.66 s against 0.64 to 0.86 s). Spring Boot (the analytics example)
 * sets logback up again its own way once it starts. A configuration of the operator's own takes
 * over: with {@code -Dlogback.configurationFile=...} set, or a {@code logback.xml} or {@code
 * logback-test.xml} on the class path, this steps aside and logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ServiceLogging extends ContextAwareBase implements Configurator {

  /** The layout of one line. */
  public static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} %msg %kvp%n";

  /** For the service loader. */
  public ServiceLogging() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (operatorsOwn()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Whether the operator gave logback a configuration file of their own. */
  static boolean operatorsOwn() {
    ClassLoader loader = ServiceLogging.class.getClassLoader();
    return System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null;
  }
}
