package dev.simebs.cloudcli;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeAttachmentsResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simebs cloud attachments}: which volume is attached to which node, in what state. */
@Command(
    name = "attachments",
    mixinStandardHelpOptions = true,
    description = "List attachments, of a volume or a node or all.")
final class AttachmentsCommand extends CloudCall {

  @Option(names = "--volume-id")
  String volumeId = "";

  @Option(names = "--node-id")
  String nodeId = "";

  @Override
  void run(CloudSession connection, Printer out) {
    DescribeAttachmentsResponse answer =
        connection.backend().describeAttachments(
            DescribeAttachmentsRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).build());
    out.print(answer, () -> table(answer.getAttachmentsList()));
  }

  static Table table(List<Attachment> attachments) {
    Table table = new Table("VOLUME ID", "NODE ID", "DEVICE", "STATE", "SINCE");
    for (Attachment a : attachments) {
      table.row(a.getVolumeId(), a.getNodeId(), Columns.device(a), Columns.state(a.getState()), Columns.time(a.getAttachTime()));
    }
    return table;
  }
}
