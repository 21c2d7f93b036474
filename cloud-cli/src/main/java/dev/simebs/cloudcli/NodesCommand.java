package dev.simebs.cloudcli;

import dev.simebs.backend.api.DescribeNodesRequest;
import dev.simebs.backend.api.DescribeNodesResponse;
import dev.simebs.backend.api.Node;
import picocli.CommandLine.Command;

/** {@code simebs cloud nodes}: the simulated instances volumes attach to. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List the nodes registered with the cloud.")
final class NodesCommand extends CloudCall {

  @Override
  void run(CloudSession connection, Printer out) {
    DescribeNodesResponse answer = connection.backend().describeNodes(DescribeNodesRequest.getDefaultInstance());
    out.print(answer, () -> {
      Table table = new Table("NODE ID", "ZONE", "ATTACHMENTS", "LIMIT");
      for (Node n : answer.getNodesList()) {
        table.row(n.getNodeId(), n.getZone(), n.getAttachmentCount(), n.getAttachmentLimit());
      }
      return table;
    });
  }
}
