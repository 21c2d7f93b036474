package dev.simebs.cloudcli;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeAccessPointsResponse;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.DescribeFileSystemsResponse;
import dev.simebs.backend.api.DescribeMountTargetsRequest;
import dev.simebs.backend.api.DescribeMountTargetsResponse;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.MountTarget;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simebs cloud file-systems}: the shared file systems (SimEFS) with their mount targets
 * and access points, as {@code aws efs describe-…} shows them. Creating and deleting them is
 * {@code simebs file-systems}.
 */
@Command(
    name = "file-systems",
    mixinStandardHelpOptions = true,
    description = "List and describe shared file systems, their mount targets and access points.",
    subcommands = {
      FileSystemsCommand.ListFileSystems.class,
      FileSystemsCommand.DescribeFileSystems.class,
      FileSystemsCommand.ListMountTargets.class,
      FileSystemsCommand.ListAccessPoints.class
    })
final class FileSystemsCommand {

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

  @Command(name = "mount-targets", mixinStandardHelpOptions = true, description = "List a file system's mount targets, one per zone.")
  static final class ListMountTargets extends CloudCall {

    @Parameters(paramLabel = "FILE_SYSTEM_ID")
    String fileSystemId;

    @Override
    void run(CloudSession connection, Printer out) {
      DescribeMountTargetsResponse answer =
          connection.fileSystems().describeMountTargets(
              DescribeMountTargetsRequest.newBuilder().setFileSystemId(fileSystemId).build());
      out.print(answer, () -> {
        Table table = new Table("MOUNT TARGET ID", "FILE SYSTEM ID", "ZONE", "STATE", "REACHABLE");
        for (MountTarget m : answer.getMountTargetsList()) {
          table.row(m.getMountTargetId(), m.getFileSystemId(), m.getAvailabilityZone(),
              Columns.lifeCycle(m.getState()), m.getReachable() ? "yes" : "no (held down)");
        }
        return table;
      });
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

  static Table table(List<FileSystem> fileSystems) {
    Table table = new Table("FILE SYSTEM ID", "STATE", "ZONE", "MOUNT TARGETS", "ACCESS POINTS", "SIZE", "CREATED");
    for (FileSystem f : fileSystems) {
      table.row(
          f.getFileSystemId(),
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
