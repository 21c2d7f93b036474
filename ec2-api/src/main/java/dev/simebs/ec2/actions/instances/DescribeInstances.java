package dev.simebs.ec2.actions.instances;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.Node;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.Instances;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * DescribeInstances: every registered node as a running instance (one reservation each) in its
 * zone, with its attachments as block device mappings; {@code privateDnsName} is the node ID.
 */
public record DescribeInstances(Supplier<BackendBlockingStub> backend, Instances instances) implements Action.Handler {

  private static final Set<String> FILTERS = Set.of("instance-id", "availability-zone",
      "instance-state-name", "private-dns-name", "block-device-mapping.volume-id");

  @Override
  public Set<String> parameters() {
    return Set.of("InstanceId", "Filter", "MaxResults", "NextToken");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    List<String> ids = request.params().list("InstanceId").stream()
        .map(Instances::requireWellFormed).toList();
    List<FilterParameters.Filter> filters = FilterParameters.read(request.params(), FILTERS, false);
    List<Node> nodes = instances.all();
    Map<String, List<Attachment>> attachments = backend.get()
        .describeAttachments(DescribeAttachmentsRequest.getDefaultInstance())
        .getAttachmentsList().stream()
        .collect(Collectors.groupingBy(Attachment::getNodeId));
    for (String id : ids) {
      if (nodes.stream().noneMatch(n -> Instances.instanceIdOf(n.getNodeId()).equals(id))) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
            "The instance ID '%s' does not exist", id);
      }
    }
    Predicate<Node> matches = n -> ids.isEmpty()
        || ids.contains(Instances.instanceIdOf(n.getNodeId()));
    for (FilterParameters.Filter f : filters) {
      matches = matches.and(switch (f.name()) {
        case "instance-id" -> n -> f.accepts(Instances.instanceIdOf(n.getNodeId()));
        case "availability-zone" -> n -> f.accepts(n.getZone());
        case "instance-state-name" -> n -> f.accepts("running");
        case "private-dns-name" -> n -> f.accepts(n.getNodeId());
        default -> n -> attachments.getOrDefault(n.getNodeId(), List.of()).stream()
            .anyMatch(a -> f.accepts(a.getVolumeId()));
      });
    }
    List<Node> shown = nodes.stream().filter(matches).toList();
    out.list("reservationSet", shown, (o, node) -> {
      String instanceId = Instances.instanceIdOf(node.getNodeId());
      o.text("reservationId", "r-" + instanceId.substring(2))
          .text("ownerId", Ec2Names.ACCOUNT_ID)
          .list("groupSet", List.of(), (g, none) -> { })
          .list("instancesSet", List.of(node), (i, n) -> instance(i, n,
              attachments.getOrDefault(n.getNodeId(), List.of())));
    });
  }

  private static void instance(XmlAnswer out, Node node, List<Attachment> attachments) {
    out.text("instanceId", Instances.instanceIdOf(node.getNodeId()))
        .open("instanceState").text("code", 16).text("name", "running").close()
        .text("privateDnsName", node.getNodeId())
        .open("placement").text("availabilityZone", node.getZone()).close()
        .text("rootDeviceType", "ebs")
        .list("blockDeviceMapping", attachments, (o, a) -> {
          o.text("deviceName", a.getDevice()).open("ebs")
              .text("volumeId", a.getVolumeId())
              .text("status", Ec2Names.attachmentState(a));
          if (a.hasAttachTime()) {
            o.time("attachTime", a.getAttachTime());
          }
          o.text("deleteOnTermination", false).close();
        });
  }
}
