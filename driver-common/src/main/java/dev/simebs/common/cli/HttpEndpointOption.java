package dev.simebs.common.cli;

import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.metrics.HttpEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** {@code --http-endpoint HOST:PORT}: where to serve /metrics and /healthz (nowhere without it). */
public final class HttpEndpointOption {

  @Option(
      names = "--http-endpoint",
      paramLabel = "HOST:PORT",
      description = "Serve Prometheus /metrics and /healthz over HTTP here, e.g. 0.0.0.0:3301 (port 0 picks one).")
  String address;

  /** The address asked for, if any; a malformed one is an IllegalArgumentException naming it. */
  public Optional<InetSocketAddress> address() {
    if (address == null) {
      return Optional.empty();
    }
    if (!(Endpoint.parse(address) instanceof Endpoint.Tcp tcp)) {
      throw new IllegalArgumentException("--http-endpoint must be HOST:PORT, got " + address);
    }
    return Optional.of(new InetSocketAddress(tcp.host(), tcp.port()));
  }

  /** Starts the HTTP endpoint when one was asked for. */
  public Optional<HttpEndpoint> start(PrometheusRegistry registry, BooleanSupplier healthy) throws IOException {
    Optional<InetSocketAddress> where = address();
    return where.isEmpty() ? Optional.empty() : Optional.of(HttpEndpoint.start(where.get(), registry, healthy));
  }
}
