package dev.simebs.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;

class DefaultLoggingTest {

  @Test
  void withoutAConfigurationFileItSetsTheDefaultsAndLogbackLooksNoFurther() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = new DefaultLogging(name -> false).configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(root.getAppender("stderr")).isNotNull();
    assertThat(context.getLogger("dev.simebs.calls").getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.grpc.netty").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void aConfigurationFileOnTheClassPathIsLeftToLogback() {
    // This module's tests have a logback-test.xml.
    assertThat(new DefaultLogging().configure(new LoggerContext())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(new DefaultLogging(name -> name.equals("logback.xml")).configure(new LoggerContext()))
        .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }
}
