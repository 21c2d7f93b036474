package dev.simebs.cloudcli;

import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.grpc.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the cloud is and how to speak to it: the backend's address, the token file the driver
 * itself uses ({@code --backend-token-file}, as on {@code simebs controller} and {@code node}),
 * and the output format.
 */
public final class CloudOptions {

  /** The environment variable the backend reads its token from; the CLI reads it too. */
  static final String TOKEN_ENV = "SIMEBS_BACKEND_TOKEN";

  @Option(
      names = "--backend",
      paramLabel = "HOST:PORT",
      description = "The backend's address. Default: ${DEFAULT-VALUE}",
      defaultValue = "127.0.0.1:7171",
      converter = EndpointConverter.class)
  Endpoint backend;

  @Option(
      names = "--backend-token-file",
      paramLabel = "FILE",
      description = "The bearer token file the driver uses. Default: the " + TOKEN_ENV + " environment variable, else none.")
  Path tokenFile;

  @Option(
      names = {"--output", "-o"},
      description = "table, json or yaml. Default: ${DEFAULT-VALUE}",
      defaultValue = "table")
  OutputFormat output;

  BackendConnection connect() throws IOException {
    return BackendConnection.remote(backend, token());
  }

  private Optional<String> token() throws IOException {
    if (tokenFile != null) {
      return Optional.of(Files.readString(tokenFile).strip());
    }
    return Optional.ofNullable(System.getenv(TOKEN_ENV)).map(String::strip).filter(t -> !t.isEmpty());
  }
}
