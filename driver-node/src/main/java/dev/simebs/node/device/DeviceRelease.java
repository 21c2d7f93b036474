package dev.simebs.node.device;

import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.LoopHandle;
import dev.simebs.common.sys.LoopStatus;
import dev.simebs.common.sys.Mount;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the node lets go of a loop device. Every node of a cluster may share one
 * kernel (kind), so a device is released only when all of these hold:
 *
 * <ol>
 *   <li>this node does not use it: no mount in this node's mount table shows or binds it;
 *   <li>this node's plugin bound it: its label ({@link LoopOwner}) names this node and the node
 *       plugin;
 *   <li>the cloud agrees: the backend says the volume is attached to this node or to none. When
 *       the backend cannot say, nothing is released.
 * </ol>
 *
 * The check and the detach go through one open descriptor, so the device cannot change hands in
 * between.
 */
public final class DeviceRelease {

  /** What became of a device the node wanted to let go of. */
  public sealed interface Outcome {
    LoopDevice device();

    /** Detached. */
    record Released(LoopDevice device) implements Outcome {}

    /** A mount of this node still uses it. */
    record InUse(LoopDevice device, List<Mount> users) implements Outcome {}

    /**
     * Another node or the EC2 device agent bound it, or something without our label (an older
     * driver, another tool).
     */
    record NotOurs(LoopDevice device, String label) implements Outcome {}

    /** The cloud says the volume is attached to other nodes only. */
    record AttachedElsewhere(LoopDevice device, Set<String> nodes) implements Outcome {}

    /** The cloud could not be asked. */
    record Undecided(LoopDevice device, AttachmentsUnknownException why) implements Outcome {}

    /** It was detached already. */
    record Gone(LoopDevice device) implements Outcome {}
  }

  private static final Logger log = LoggerFactory.getLogger(DeviceRelease.class);

  private final LoopDevices loops;
  private final String nodeId;
  private final Attachments attachments;
  private final BlockHolds holds;

  public DeviceRelease(
      LoopDevices loops, String nodeId, Attachments attachments, BlockHolds holds) {
    this.loops = loops;
    this.nodeId = nodeId;
    this.attachments = attachments;
    this.holds = holds;
  }

  /** Releases {@code device} if the rule allows; {@code table} is this node's mount table. */
  public Outcome release(LoopDevice device, List<Mount> table) throws IOException {
    List<Mount> users = DeviceUsers.of(device, table);
    if (!users.isEmpty()) {
      return new Outcome.InUse(device, users);
    }
    Optional<LoopHandle> opened = loops.open(device);
    if (opened.isEmpty()) {
      return new Outcome.Gone(device);
    }
    try (LoopHandle handle = opened.get()) {
      Optional<LoopStatus> status = handle.status();
      if (status.isEmpty()) {
        return new Outcome.Gone(device);
      }
      Optional<LoopOwner> owner = LoopOwner.parse(status.get().label());
      if (owner.isEmpty()
          || owner.get().role() != LoopOwner.Role.NODE_PLUGIN
          || !owner.get().boundBy(nodeId)
          || !device.backingFileName().equals(owner.get().volumeId() + ".img")) {
        return new Outcome.NotOurs(device, status.get().label());
      }
      Set<String> nodes;
      try {
        nodes = attachments.nodesOf(owner.get().volumeId());
      } catch (AttachmentsUnknownException e) {
        return new Outcome.Undecided(device, e);
      }
      if (!nodes.isEmpty() && !nodes.contains(nodeId)) {
        return new Outcome.AttachedElsewhere(device, nodes);
      }
      holds.drop(device);
      handle.detach();
      log.info("detached {} from {}", device.path(), device.backingFile());
      return new Outcome.Released(device);
    }
  }
}
