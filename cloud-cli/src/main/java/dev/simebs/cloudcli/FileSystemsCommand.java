package dev.simebs.cloudcli;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.CreateFileSystemResponse;
import dev.simebs.backend.api.DeleteFileSystemRequest;
import dev.simebs.backend.api.DeleteFileSystemResponse;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeAccessPointsResponse;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.DescribeFileSystemsResponse;
import dev.simebs.backend.api.DescribeMountTargetsRequest;
import dev.simebs.backend.api.DescribeMountTargetsResponse;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.MountTarget;
import dev.simebs.backend.api.SetMountTargetAvailableRequest;
import dev.simebs.backend.api.SetMountTargetAvailableResponse;
import dev.simebs.backend.api.ThroughputMode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simebs cloud file-systems}: the shared file systems (SimEFS) with their mount targets
 * and access points, as {@code aws efs …} shows and makes them: what a user does before writing a
 * StorageClass (create one, list them, delete one), and a mount target taken down or brought up
 * through the admin API, as no real cloud lets you.
 */
@Command(
    name = "file-systems",
    mixinStandardHelpOptions = true,
    description = "Create, list, describe and delete shared file systems; list their mount targets and"
        + " access points; take a mount target down or up.",
    subcommands = {
      FileSystemsCommand.CreateFileSystem.class,
      FileSystemsCommand.ListFileSystems.class,
      FileSystemsCommand.DescribeFileSystems.class,
      FileSystemsCommand.DeleteFileSystem.class,
      FileSystemsCommand.ListMountTargets.class,
      FileSystemsCommand.SetMountTarget.class,
      FileSystemsCommand.ListAccessPoints.class
    })
final class FileSystemsCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a file system, or find the one this creation token already made.")
  static final class CreateFileSystem extends CloudCall {

    @Option(names = "--creation-token", required = true, paramLabel = "TOKEN",
        description = "Idempotency token: the same token (with the same options) always names the same file system.")
    String creationToken;

    @Option(names = "--one-zone", paramLabel = "ZONE",
        description = "Make a One Zone file system in ZONE (default: Regional, a mount target in every zone).")
    String zone = "";

    @Option(names = "--provisioned-throughput", paramLabel = "MIBPS",
        description = "Provisioned throughput mode at MIBPS MiB/s (recorded, not enforced; default: elastic).")
    Double provisionedMibps;

    @Option(names = "--encrypted", description = "Record the file system as encrypted.")
    boolean encrypted;

    @Override
    void run(CloudSession connection, Printer out) {
      CreateFileSystemRequest.Builder request = CreateFileSystemRequest.newBuilder()
          .setCreationToken(creationToken)
          .setAvailabilityZone(zone)
          .setEncrypted(encrypted);
      if (provisionedMibps != null) {
        request.setThroughputMode(ThroughputMode.PROVISIONED).setProvisionedThroughputMibps(provisionedMibps);
      }
      CreateFileSystemResponse created = connection.fileSystems().createFileSystem(request.build());
      out.print(created, () -> table(List.of(created.getFileSystem())));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List file systems (all pages unless --max-results).")
  static final class ListFileSystems extends CloudCall {

    @Mixin Paging paging;

    @Override
    void run(CloudSession connection, Printer out) {
      DescribeFileSystemsResponse.Builder answer = DescribeFileSystemsResponse.newBuilder();
      paging.show(
          out,
          answer,
          (token, max) -> {
            DescribeFileSystemsResponse page =
                connection.fileSystems().describeFileSystems(
                    DescribeFileSystemsRequest.newBuilder().setMaxResults(max).setNextToken(token).build());
            answer.addAllFileSystems(page.getFileSystemsList());
            return page.getNextToken();
          },
          DescribeFileSystemsResponse.Builder::setNextToken,
          () -> table(answer.getFileSystemsList()));
    }
  }

  @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show file systems in full.")
  static final class DescribeFileSystems extends CloudCall {

    @Parameters(paramLabel = "FILE_SYSTEM_ID", arity = "1..*")
    List<String> fileSystemIds;

    @Override
    void run(CloudSession connection, Printer out) {
      out.printDetail(
          connection.fileSystems().describeFileSystems(
              DescribeFileSystemsRequest.newBuilder().addAllFileSystemIds(fileSystemIds).build()));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a file system and its data (refused while it has access points: FILE_SYSTEM_IN_USE).")
  static final class DeleteFileSystem extends CloudCall {

    @Parameters(paramLabel = "FILE_SYSTEM_ID")
    String fileSystemId;

    @Override
    void run(CloudSession connection, Printer out) {
      DeleteFileSystemResponse deleted = connection.fileSystems().deleteFileSystem(
          DeleteFileSystemRequest.newBuilder().setFileSystemId(fileSystemId).build());
      out.print(deleted, () -> new Table("DELETED").row(fileSystemId));
    }
  }

  @Command(name = "mount-targets", mixinStandardHelpOptions = true, description = "List a file system's mount targets, one per zone.")
  static final class ListMountTargets extends CloudCall {

    @Parameters(paramLabel = "FILE_SYSTEM_ID")
    String fileSystemId;

    @Override
    void run(CloudSession connection, Printer out) {
      DescribeMountTargetsResponse answer =
          connection.fileSystems().describeMountTargets(
              DescribeMountTargetsRequest.newBuilder().setFileSystemId(fileSystemId).build());
      out.print(answer, () -> mountTargetTable(answer.getMountTargetsList()));
    }
  }

  /** Whether a mount target answers mounts. */
  enum Reachability { up, down }

  @Command(name = "mount-target", mixinStandardHelpOptions = true,
      description = "Take the mount target of a zone down (mounts through it fail with MOUNT_TARGET_UNAVAILABLE)"
          + " or bring it up again (admin API).")
  static final class SetMountTarget extends CloudCall {

    @Parameters(index = "0", paramLabel = "FILE_SYSTEM_ID")
    String fileSystemId;

    @Parameters(index = "1", paramLabel = "ZONE")
    String zone;

    @Parameters(index = "2", paramLabel = "up|down", description = "up or down.")
    Reachability reachability;

    @Override
    void run(CloudSession connection, Printer out) {
      SetMountTargetAvailableResponse changed = connection.fileSystemAdmin().setMountTargetAvailable(
          SetMountTargetAvailableRequest.newBuilder()
              .setFileSystemId(fileSystemId)
              .setZone(zone)
              .setAvailable(reachability == Reachability.up)
              .build());
      out.print(changed, () -> mountTargetTable(List.of(changed.getMountTarget())));
    }
  }

  @Command(name = "access-points", mixinStandardHelpOptions = true, description = "List access points (of one file system, or all).")
  static final class ListAccessPoints extends CloudCall {

    @Option(names = "--file-system-id", description = "Only access points of this file system.")
    String fileSystemId = "";

    @Mixin Paging paging;

    @Override
    void run(CloudSession connection, Printer out) {
      DescribeAccessPointsResponse.Builder answer = DescribeAccessPointsResponse.newBuilder();
      paging.show(
          out,
          answer,
          (token, max) -> {
            DescribeAccessPointsResponse page =
                connection.fileSystems().describeAccessPoints(
                    DescribeAccessPointsRequest.newBuilder()
                        .setFileSystemId(fileSystemId).setMaxResults(max).setNextToken(token).build());
            answer.addAllAccessPoints(page.getAccessPointsList());
            return page.getNextToken();
          },
          DescribeAccessPointsResponse.Builder::setNextToken,
          () -> {
        Table table = new Table("ACCESS POINT ID", "FILE SYSTEM ID", "ROOT", "POSIX USER", "STATE");
        for (AccessPoint a : answer.getAccessPointsList()) {
          table.row(
              a.getAccessPointId(),
              a.getFileSystemId(),
              a.getRootDirectory().getPath().isEmpty() ? "/" : a.getRootDirectory().getPath(),
              a.hasPosixUser() ? a.getPosixUser().getUid() + ":" + a.getPosixUser().getGid() : "-",
              Columns.lifeCycle(a.getState()));
        }
        return table;
      });
    }
  }

  static Table mountTargetTable(List<MountTarget> mountTargets) {
    Table table = new Table("MOUNT TARGET ID", "FILE SYSTEM ID", "ZONE", "STATE", "REACHABLE");
    for (MountTarget m : mountTargets) {
      table.row(m.getMountTargetId(), m.getFileSystemId(), m.getAvailabilityZone(),
          Columns.lifeCycle(m.getState()), m.getReachable() ? "yes" : "no (held down)");
    }
    return table;
  }

  static Table table(List<FileSystem> fileSystems) {
    Table table = new Table(
        "FILE SYSTEM ID", "CREATION TOKEN", "STATE", "ZONE", "MOUNT TARGETS", "ACCESS POINTS", "SIZE", "CREATED");
    for (FileSystem f : fileSystems) {
      table.row(
          f.getFileSystemId(),
          f.getCreationToken(),
          Columns.lifeCycle(f.getState()),
          f.getAvailabilityZone().isEmpty() ? "regional" : f.getAvailabilityZone(),
          f.getNumberOfMountTargets(),
          f.getAccessPointCount(),
          f.getSizeBytes() + " B",
          Columns.time(f.getCreationTime()));
    }
    return table;
  }
}
