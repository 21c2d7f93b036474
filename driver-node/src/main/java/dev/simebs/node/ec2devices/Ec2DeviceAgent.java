package dev.simebs.node.ec2devices;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.LoopHandle;
import dev.simebs.common.sys.LoopStatus;
import dev.simebs.node.device.LoopOwner;
import dev.simebs.node.request.BackingFiles;
import dev.simebs.node.volume.VolumeDevices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's EC2 attachments real block devices for tools that expect EBS's: for each
 * attachment of the node that is attached (or still detaching), a loop device bound to the
 * volume's file and an EBS-style link to it; for each link whose attachment is gone, the link
 * removed and the loop device released. Every node binds its own loop device, labelled as the
 * agent's for that node and volume ({@link LoopOwner}), and only ever releases one its own link
 * names whose label says so, checked through the descriptor it detaches with. The node plugin's
 * devices and other nodes' are never touched.
 */
public final class Ec2DeviceAgent {

  private static final Logger log = LoggerFactory.getLogger(Ec2DeviceAgent.class);

  /** What one pass changed. */
  public record Pass(int linked, int unlinked) {}

  private final BackendBlockingStub backend;
  private final String nodeId;
  private final LoopDevices loops;
  private final Ec2DeviceLinks links;
  private final BackingFiles backingFiles;

  public Ec2DeviceAgent(BackendBlockingStub backend, String nodeId, LoopDevices loops,
      Ec2DeviceLinks links, BackingFiles backingFiles) {
    this.backend = backend;
    this.nodeId = nodeId;
    this.loops = loops;
    this.links = links;
    this.backingFiles = backingFiles;
  }

  /** Registers the node, so it is an instance of the cloud (in its zone, with its limit). */
  public void register(String zone, int attachmentLimit) {
    backend.registerNode(RegisterNodeRequest.newBuilder().setNodeId(nodeId).setZone(zone)
        .setAttachmentLimit(attachmentLimit).build());
  }

  /** One reconciliation: the links become exactly this node's attachments. */
  public Pass reconcile() throws IOException {
    Map<String, Path> wanted = new LinkedHashMap<>();
    for (Attachment a : backend.describeAttachments(DescribeAttachmentsRequest.newBuilder()
        .setNodeId(nodeId).build()).getAttachmentsList()) {
      if (a.getState() == AttachmentState.ATTACHED || a.getState() == AttachmentState.DETACHING) {
        Path backingFile = backingFiles.checkForm(a.getVolumeId(), a.getBackingFile());
        wanted.put(a.getVolumeId(), backingFiles.locate(a.getVolumeId(), backingFile));
      }
    }
    Map<String, Optional<Integer>> present = links.read();
    int linked = 0;
    for (Map.Entry<String, Path> want : wanted.entrySet()) {
      String volumeId = want.getKey();
      Optional<LoopDevice> current = ours(volumeId, present.getOrDefault(volumeId,
          Optional.empty()));
      if (current.isEmpty()) {
        LoopDevice device = loops.attach(want.getValue(), false, label(volumeId));
        links.link(volumeId, device.path());
        log.info("{} attached to {}: {} is {}", volumeId, nodeId,
            links.dir().resolve(Ec2DeviceLinks.linkName(volumeId)), device.path());
        linked++;
      }
    }
    int unlinked = 0;
    for (Map.Entry<String, Optional<Integer>> link : present.entrySet()) {
      String volumeId = link.getKey();
      if (!wanted.containsKey(volumeId)) {
        links.unlink(volumeId);
        Optional<LoopDevice> device = ours(volumeId, link.getValue());
        if (device.isPresent()) {
          release(device.get(), volumeId);
        }
        log.info("{} no longer attached to {}: link removed{}", volumeId, nodeId,
            device.map(d -> ", " + d.path() + " released").orElse(""));
        unlinked++;
      }
    }
    return new Pass(linked, unlinked);
  }

  /**
   * The loop device a link names, if it is still bound to that volume's file and labelled as this
   * node's agent's.
   */
  private Optional<LoopDevice> ours(String volumeId, Optional<Integer> number)
      throws IOException {
    if (number.isEmpty()) {
      return Optional.empty();
    }
    Optional<LoopDevice> device = loops.read(number.get())
        .filter(d -> VolumeDevices.holds(d, volumeId) && !d.backingFileDeleted()
            && !d.autoclear());
    return device.isPresent() && loops.labelOf(device.get()).equals(Optional.of(label(volumeId)))
        ? device
        : Optional.empty();
  }

  /**
   * Detaches {@code device} if, read through the descriptor that detaches it, it still carries
   * this agent's label. On a device still in use the kernel only sets autoclear: it goes at its
   * last close.
   */
  private void release(LoopDevice device, String volumeId) throws IOException {
    Optional<LoopHandle> handle = loops.open(device);
    if (handle.isEmpty()) {
      return;
    }
    try (LoopHandle open = handle.get()) {
      Optional<LoopStatus> status = open.status();
      if (status.isPresent() && status.get().label().equals(label(volumeId))) {
        open.detach();
      }
    }
  }

  private String label(String volumeId) {
    return LoopOwner.of(LoopOwner.Role.EC2_AGENT, volumeId, nodeId).label();
  }
}
