package dev.simebs.cloudcli;

import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.grpc.Endpoint;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the cloud is and how to speak to it, with the files the driver itself uses: the backend's
 * address, {@code --backend-token-file} and {@code --backend-ca-file} (as on {@code simebs
 * controller} and {@code node}; TLS when a CA file is given), the admin API's address and token
 * for the simulation knobs, and the output format.
 */
public final class CloudOptions {

  @Option(
      names = "--backend",
      paramLabel = "HOST:PORT",
      description = "The backend's address. Default: ${DEFAULT-VALUE}",
      defaultValue = "127.0.0.1:7171",
      converter = EndpointConverter.class)
  Endpoint backend;

  @Option(names = "--backend-token-file", paramLabel = "FILE", description = "The bearer token file the driver uses.")
  Path tokenFile;

  @Option(
      names = "--backend-ca-file",
      paramLabel = "FILE",
      description = "The CA the backend's certificate chains to (TLS); without it the connection is plaintext (all-in-one --backend-listen).")
  Path caFile;

  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      description = "The admin API (simulation, faults, impair, quarantine, mount targets up or down) when the backend serves it apart (--admin-listen). Default: --backend.",
      converter = EndpointConverter.class)
  Endpoint admin;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "The admin token (the backend's admin-token). Default: --backend-token-file.")
  Path adminTokenFile;

  @Option(
      names = {"--output", "-o"},
      description = "table, json or yaml. Default: ${DEFAULT-VALUE}",
      defaultValue = "table")
  OutputFormat output;

  CloudSession open() {
    return new CloudSession(
        new CloudSession.Address(backend, tokenFile, caFile),
        new CloudSession.Address(
            admin == null ? backend : admin, adminTokenFile == null ? tokenFile : adminTokenFile, caFile));
  }
}
