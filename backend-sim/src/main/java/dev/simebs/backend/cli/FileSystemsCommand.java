package dev.simebs.backend.cli;

import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.DeleteFileSystemRequest;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.DescribeFileSystemsResponse;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.MountTarget;
import dev.simebs.backend.api.SetMountTargetAvailableRequest;
import dev.simebs.backend.api.ThroughputMode;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.grpc.Endpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simebs file-systems}: the file-system calls a user makes against a standalone backend
 * before writing a StorageClass, as {@code aws efs} would: create one, list them, delete one,
 * take a mount target down or up.
 */
@Command(
    name = "file-systems",
    mixinStandardHelpOptions = true,
    description = "Create, list and delete the backend's shared file systems (SimEFS).",
    subcommands = {
      FileSystemsCommand.Create.class,
      FileSystemsCommand.ListAll.class,
      FileSystemsCommand.Delete.class,
      FileSystemsCommand.MountTargetState.class
    })
public final class FileSystemsCommand {

  /** Where the backend is and the token it wants. */
  public static final class Target {
    @Option(
        names = "--backend",
        description = "backend-sim address, HOST:PORT. Default: ${DEFAULT-VALUE}",
        defaultValue = "127.0.0.1:7171",
        converter = EndpointConverter.class)
    Endpoint backend;

    @Option(names = "--token-file", description = "File holding the backend's bearer token.")
    Path tokenFile;

    @Option(names = "--ca-file",
        description = "PEM certificate the backend's TLS certificate must chain to (TLS when given).")
    Path caFile;

    BackendConnection connect() throws IOException {
      return BackendConnection.fromFiles(backend, tokenFile, caFile);
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a file system (or find the one with this creation token); prints its ID.")
  static final class Create implements Callable<Integer> {
    @Mixin Target target;

    @Option(names = "--creation-token", required = true,
        description = "Idempotency token: the same token always names the same file system.")
    String creationToken;

    @Option(names = "--one-zone", paramLabel = "ZONE",
        description = "Make a One Zone file system in ZONE (default: Regional, every zone).")
    String zone;

    @Option(names = "--provisioned-throughput", paramLabel = "MIBPS",
        description = "Provisioned throughput in MiB/s (recorded, not enforced).")
    Double provisioned;

    @Option(names = "--encrypted", description = "Record the file system as encrypted.")
    boolean encrypted;

    @Override
    public Integer call() throws IOException {
      CreateFileSystemRequest.Builder request = CreateFileSystemRequest.newBuilder()
          .setCreationToken(creationToken)
          .setEncrypted(encrypted);
      if (zone != null) {
        request.setAvailabilityZone(zone);
      }
      if (provisioned != null) {
        request.setThroughputMode(ThroughputMode.PROVISIONED)
            .setProvisionedThroughputMibps(provisioned);
      }
      try (BackendConnection connection = target.connect()) {
        FileSystem fs = connection.fileSystems().createFileSystem(request.build()).getFileSystem();
        System.out.println(fs.getFileSystemId());
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List file systems: ID, creation token, state, zone, access points, size.")
  static final class ListAll implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() throws IOException {
      try (BackendConnection connection = target.connect()) {
        print(connection, System.out);
        return 0;
      }
    }

    static void print(BackendConnection connection, PrintStream out) {
      out.printf("%-22s %-24s %-10s %-10s %8s %14s%n", "FILE SYSTEM", "CREATION TOKEN", "STATE",
          "ZONE", "APS", "SIZE (BYTES)");
      String token = "";
      do {
        DescribeFileSystemsResponse page = connection.fileSystems().describeFileSystems(
            DescribeFileSystemsRequest.newBuilder().setNextToken(token).setMaxResults(100).build());
        for (FileSystem fs : page.getFileSystemsList()) {
          out.printf("%-22s %-24s %-10s %-10s %8d %14d%n", fs.getFileSystemId(),
              fs.getCreationToken(), fs.getState().name().replace("LIFE_CYCLE_", "").toLowerCase(),
              fs.getAvailabilityZone().isEmpty() ? "regional" : fs.getAvailabilityZone(),
              fs.getAccessPointCount(), fs.getSizeBytes());
        }
        token = page.getNextToken();
      } while (!token.isEmpty());
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a file system that has no access points left, with its data.")
  static final class Delete implements Callable<Integer> {
    @Mixin Target target;

    @Parameters(paramLabel = "FILE_SYSTEM_ID")
    String fileSystemId;

    @Override
    public Integer call() throws IOException {
      try (BackendConnection connection = target.connect()) {
        long accessPoints = connection.fileSystems().describeAccessPoints(
            DescribeAccessPointsRequest.newBuilder().setFileSystemId(fileSystemId).build())
            .getAccessPointsCount();
        connection.fileSystems().deleteFileSystem(
            DeleteFileSystemRequest.newBuilder().setFileSystemId(fileSystemId).build());
        System.out.printf("deleted %s (%d access points)%n", fileSystemId, accessPoints);
        return 0;
      }
    }
  }

  @Command(name = "mount-target", mixinStandardHelpOptions = true,
      description = "Take the mount target of a zone down (mounts fail) or bring it up again.")
  static final class MountTargetState implements Callable<Integer> {
    @Mixin Target target;

    @Parameters(index = "0", paramLabel = "FILE_SYSTEM_ID")
    String fileSystemId;

    @Parameters(index = "1", paramLabel = "ZONE")
    String zone;

    @Parameters(index = "2", paramLabel = "up|down")
    String state;

    @Override
    public Integer call() throws IOException {
      boolean up = switch (state) {
        case "up" -> true;
        case "down" -> false;
        default -> throw new IllegalArgumentException("state must be up or down, got " + state);
      };
      try (BackendConnection connection = target.connect()) {
        MountTarget changed = connection.fileSystemAdmin().setMountTargetAvailable(
            SetMountTargetAvailableRequest.newBuilder().setFileSystemId(fileSystemId)
                .setZone(zone).setAvailable(up).build()).getMountTarget();
        System.out.printf("%s in %s is %s%n", changed.getMountTargetId(), zone,
            changed.getReachable() ? "up" : "down");
        return 0;
      }
    }
  }
}
