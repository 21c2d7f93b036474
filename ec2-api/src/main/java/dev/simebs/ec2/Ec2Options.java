package dev.simebs.ec2;

import dev.simebs.backend.BackendFrontEnd;
import dev.simebs.backend.BackendSim;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.ec2.auth.AccessKey;
import dev.simebs.ec2.auth.CredentialsFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --ec2-listen} and {@code --ec2-credentials-file}, for {@code simebs backend} and
 * {@code simebs all-in-one}: the EC2 API is off unless an address is given.
 */
public final class Ec2Options implements BackendFrontEnd {

  /** Where the generated key pair goes, under the command's data directory. */
  public static final String GENERATED_CREDENTIALS = "ec2-credentials";

  @Option(
      names = "--ec2-listen",
      description = "Serve the EC2 Query API on host:port (port 0 picks a free one). Off unless"
          + " given.",
      converter = EndpointConverter.class)
  Endpoint listen;

  @Option(
      names = "--ec2-credentials-file",
      description = "Access keys the EC2 API accepts, in the AWS CLI's credentials-file format."
          + " Default: a key pair generated into <data dir>/" + GENERATED_CREDENTIALS
          + " (mode 0600).")
  Path credentialsFile;

  @Override
  public Optional<AutoCloseable> start(BackendSim sim, Path dataDir) throws IOException {
    if (listen == null) {
      return Optional.empty();
    }
    if (!(listen instanceof Endpoint.Tcp tcp)) {
      throw new IllegalArgumentException("--ec2-listen must be host:port, got " + listen);
    }
    Path keysFile = credentialsFile != null
        ? credentialsFile
        : dataDir.resolve(GENERATED_CREDENTIALS);
    List<AccessKey> keys = credentialsFile != null
        ? CredentialsFile.read(keysFile)
        : CredentialsFile.readOrGenerate(keysFile);
    Ec2Api api = Ec2Api.serve(sim, new Ec2Api.Config(
        new InetSocketAddress(tcp.host(), tcp.port()), keys, Clock.systemUTC()));
    // Scripts and tests read this line; keep its shape.
    System.out.printf("simebs EC2 API serving on %s (credentials in %s)%n", api.endpoint(),
        keysFile.toAbsolutePath());
    System.out.flush();
    return Optional.of(api);
  }
}
