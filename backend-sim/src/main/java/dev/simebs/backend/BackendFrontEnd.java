package dev.simebs.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Another API a backend process serves over the same services as its gRPC API, such as the EC2
 * Query API (module ec2-api). It lives behind this interface so backend-sim does not depend on
 * the modules that implement one.
 */
public interface BackendFrontEnd {

  /**
   * Starts serving over {@code sim}, if this front end was asked for; closing the result stops it.
   *
   * @param dataDir the data directory of the command that starts it, for files it keeps
   */
  Optional<AutoCloseable> start(BackendSim sim, Path dataDir) throws IOException;
}
