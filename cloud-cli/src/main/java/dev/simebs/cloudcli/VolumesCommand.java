package dev.simebs.cloudcli;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.backend.api.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simebs cloud volumes}: what {@code aws ec2 describe-volumes} and friends do. */
@Command(
    name = "volumes",
    mixinStandardHelpOptions = true,
    description = "List and describe volumes; force-detach them, mark them impaired.",
    subcommands = {
      VolumesCommand.ListVolumes.class,
      VolumesCommand.DescribeVolumes.class,
      VolumesCommand.ForceDetach.class,
      VolumesCommand.Impair.class
    })
final class VolumesCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List volumes (all pages unless --max-results).")
  static final class ListVolumes extends CloudCall {

    @Option(
        names = "--filter",
        paramLabel = "NAME=V1[,V2]",
        description = "Only volumes matching: zone, state, client-token, volume-id, snapshot-id or tag:KEY; repeatable.")
    List<String> filters = new ArrayList<>();

    @Mixin Paging paging;

    @Override
    void run(CloudSession connection, Printer out) {
      DescribeVolumesResponse.Builder answer = DescribeVolumesResponse.newBuilder();
      List<Filter> parsed = filters.stream().map(ListVolumes::filter).toList();
      paging.show(
          out,
          answer,
          (token, max) -> {
            DescribeVolumesResponse page =
                connection.backend().describeVolumes(
                    DescribeVolumesRequest.newBuilder().addAllFilters(parsed).setMaxResults(max).setNextToken(token).build());
            answer.addAllVolumes(page.getVolumesList());
            return page.getNextToken();
          },
          DescribeVolumesResponse.Builder::setNextToken,
          () -> table(answer.getVolumesList()));
    }

    private static Filter filter(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--filter must be NAME=V1[,V2], got " + text);
      }
      return Filter.newBuilder()
          .setName(text.substring(0, eq))
          .addAllValues(Arrays.asList(text.substring(eq + 1).split(",")))
          .build();
    }
  }

  @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show volumes in full.")
  static final class DescribeVolumes extends CloudCall {

    @Parameters(paramLabel = "VOLUME_ID", arity = "1..*")
    List<String> volumeIds;

    @Override
    void run(CloudSession connection, Printer out) {
      out.printDetail(connection.backend().describeVolumes(DescribeVolumesRequest.newBuilder().addAllVolumeIds(volumeIds).build()));
    }
  }

  @Command(
      name = "force-detach",
      mixinStandardHelpOptions = true,
      description = "Detach a volume from a node at once, as if the instance were gone (its node may still write to it).")
  static final class ForceDetach extends CloudCall {

    @Parameters(paramLabel = "VOLUME_ID")
    String volumeId;

    @Option(names = "--node-id", required = true, description = "The node to detach it from.")
    String nodeId;

    @Override
    void run(CloudSession connection, Printer out) {
      Attachment attachment =
          connection.backend()
              .detachVolume(DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).setForce(true).build())
              .getAttachment();
      out.print(attachment, () -> AttachmentsCommand.table(List.of(attachment)));
    }
  }

  @Command(
      name = "impair",
      mixinStandardHelpOptions = true,
      description = "Mark a volume impaired (its status checks fail; I/O still works), or healthy again with --clear.")
  static final class Impair extends CloudCall {

    @Parameters(paramLabel = "VOLUME_ID")
    String volumeId;

    @Option(names = "--reason", description = "What the status check says. Default: ${DEFAULT-VALUE}", defaultValue = "io-stalled")
    String reason;

    @Option(names = "--clear", description = "Mark it healthy again.")
    boolean clear;

    @Override
    void run(CloudSession connection, Printer out) {
      connection.admin().setVolumeImpaired(
          SetVolumeImpairedRequest.newBuilder().setVolumeId(volumeId).setImpaired(!clear).setReason(clear ? "" : reason).build());
      DescribeVolumesResponse now =
          connection.backend().describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build());
      out.print(now, () -> table(now.getVolumesList()));
    }
  }

  static Table table(List<Volume> volumes) {
    Table table = new Table("VOLUME ID", "SIZE", "TYPE", "IOPS", "MIB/S", "ZONE", "STATE", "ATTACHED TO", "HEALTH");
    for (Volume v : volumes) {
      table.row(
          v.getVolumeId(),
          v.getSizeGib() + "Gi",
          Columns.state(v.getType()),
          v.getIops(),
          v.getThroughputMibps(),
          v.getZone(),
          Columns.state(v.getState()),
          Columns.attachments(v),
          Columns.health(v));
    }
    return table;
  }
}
