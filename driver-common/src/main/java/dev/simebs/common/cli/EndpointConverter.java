package dev.simebs.common.cli;

import dev.simebs.common.grpc.Endpoint;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code unix:///path}, a bare absolute path, or {@code host:port}. */
public final class EndpointConverter implements ITypeConverter<Endpoint> {
  @Override
  public Endpoint convert(String value) {
    return Endpoint.parse(value.startsWith("/") ? "unix://" + value : value);
  }
}
