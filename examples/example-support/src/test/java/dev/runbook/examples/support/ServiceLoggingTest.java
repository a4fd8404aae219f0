package dev.runbook.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The examples' logging set up in code: one line an event on stderr in the documented layout,
 * nothing on stdout, found by logback's service loader, and out of the way of an operator's own
 * configuration file.
 */
class ServiceLoggingTest {

  @Test
  void logsOneLineAnEventToStderrAndNothingToStdout() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's SLF4J provider does
    ServiceLogging logging = new ServiceLogging();
    logging.setContext(context);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream realErr = System.err;
    PrintStream realOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(logging.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      Logger logger = context.getLogger("dev.runbook.backup.Nightly");
      logger.atInfo().addKeyValue("backup_id", "20261203T120000Z").log("backup_completed");
      logger.debug("not at INFO");
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
    } finally {
      System.setErr(realErr);
      System.setOut(realOut);
      context.stop();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  Nightly backup_completed"
            + " backup_id=\"20261203T120000Z\"\\R");
  }

  @Test
  void stepsAsideForTheOperatorsOwnConfigurationFile() {
    String before = System.getProperty("logback.configurationFile");
    System.setProperty("logback.configurationFile", "/etc/bibliotheca/logback.xml");
    LoggerContext context = new LoggerContext();
    try {
      ServiceLogging logging = new ServiceLogging();
      logging.setContext(context);
      assertThat(logging.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
          .as("no appender of ours").isFalse();
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
      context.stop();
    }
  }

  @Test
  void isFoundByLogbacksServiceLoader() {
    List<Class<?>> found = new ArrayList<>();
    ServiceLoader.load(Configurator.class).forEach(c -> found.add(c.getClass()));
    assertThat(found).contains(ServiceLogging.class);
  }
}
