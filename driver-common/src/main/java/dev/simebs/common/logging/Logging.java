package dev.simebs.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logging from the command line: a klog-style verbosity ({@code --v}) and plain or JSON
 * lines on stderr. Verbosity 0-1 logs INFO; 2-4 adds every gRPC call (method, code, duration);
 * 5 and up adds request and response bodies, with CSI secrets redacted.
 */
public final class Logging {

  private Logging() {}

  public static void configure(int verbosity, boolean json) {
    configure((LoggerContext) LoggerFactory.getILoggerFactory(), verbosity, json);
  }

  /** Replaces whatever {@code context} was configured with by the settings for this verbosity. */
  static void configure(LoggerContext context, int verbosity, boolean json) {
    context.reset();

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder(context, json));
    console.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(verbosity >= 6 ? Level.DEBUG : Level.INFO);
    root.addAppender(console);
    context.getLogger("dev.simebs.calls").setLevel(callLevel(verbosity));
    context.getLogger("io.grpc.netty").setLevel(Level.WARN);
    // Netty warns that TCP options do not apply to unix sockets; that is expected.
    context.getLogger("io.grpc.netty.shaded.io.netty.bootstrap").setLevel(Level.ERROR);
  }

  private static Level callLevel(int verbosity) {
    if (verbosity >= 5) {
      return Level.TRACE;
    }
    return verbosity >= 2 ? Level.DEBUG : Level.INFO;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
    encoder.start();
    return encoder;
  }
}
