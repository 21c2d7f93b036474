package dev.simebs.common.cli;

import dev.simebs.common.logging.Logging;
import picocli.CommandLine.Option;

/** The logging flags every subcommand takes. */
public final class LoggingOptions {

  public enum Format {
    text,
    json
  }

  @Option(
      names = {"--v", "-v"},
      defaultValue = "0",
      description = "Log verbosity: 2 logs every gRPC call, 5 adds bodies (secrets redacted).")
  public int verbosity;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description = "Log line format: ${COMPLETION-CANDIDATES}.")
  public Format format;

  public void apply() {
    Logging.configure(verbosity, format == Format.json);
  }
}
