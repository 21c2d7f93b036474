package dev.simebs.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.Predicate;

/**
 * Logback's first configuration, before the command line is read: the same settings
 * {@link Logging} applies at verbosity 0, set in code. Logback finds it as a service and, unless
 * a configuration file is given (the {@code logback.configurationFile} property, or a
 * logback-test.xml or logback.xml on the class path, as tests have), skips its XML configurator,
 * whose parser and model classes cost every process start time and memory.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {

  private final Predicate<String> onClassPath;

  /** The instance logback's service loader makes. */
  public DefaultLogging() {
    this(name -> DefaultLogging.class.getClassLoader().getResource(name) != null);
  }

  DefaultLogging(Predicate<String> onClassPath) {
    this.onClassPath = onClassPath;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || onClassPath.test("logback-test.xml")
        || onClassPath.test("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Logging.configure(context, 0, false);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
