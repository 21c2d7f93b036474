package dev.simebs.node.volume;

import dev.simebs.common.Orderings;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountTable;
import dev.simebs.node.device.AttachmentsUnknownException;
import dev.simebs.node.device.BlockHolds;
import dev.simebs.node.device.DeviceOwnership;
import dev.simebs.node.device.DeviceRelease;
import dev.simebs.node.device.DeviceUsers;
import dev.simebs.node.device.UnverifiedDeviceException;
import dev.simebs.node.failure.NodeFailure;
import dev.simebs.node.path.Place;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which loop device holds which volume, and who uses it, read from the kernel's tables: a volume's
 * device is a loop device whose backing file is named {@code <volume_id>.img} and that this node
 * bound for it (its label, see {@link DeviceOwnership}); a mount uses it when it shows the device's
 * file system or binds its device node. Devices are let go only through {@link DeviceRelease}.
 */
public final class VolumeDevices {

  private static final Logger log = LoggerFactory.getLogger(VolumeDevices.class);

  private final LoopDevices loops;
  private final MountTable mounts;
  private final DeviceOwnership ownership;
  private final BlockHolds holds;
  private final DeviceRelease release;

  public VolumeDevices(
      LoopDevices loops,
      MountTable mounts,
      DeviceOwnership ownership,
      BlockHolds holds,
      DeviceRelease release) {
    this.loops = loops;
    this.mounts = mounts;
    this.ownership = ownership;
    this.holds = holds;
    this.release = release;
  }

  /** A volume's loop device, and whether this call bound it. */
  public record Attached(LoopDevice device, boolean created) {}

  /**
   * The loop device this node bound to {@code backingFile} (a real path) for {@code volumeId},
   * binding one if there is none. A device another node bound is never reused: each node has its
   * own. Read-only devices are separate: the kernel refuses writes to them, which a read-only bind
   * of a writable device node would not.
   */
  public Attached attach(String volumeId, Path backingFile, boolean readOnly) throws IOException {
    String label = ownership.labelFor(volumeId);
    Optional<LoopDevice> existing = loops.boundTo(backingFile, readOnly, label);
    if (existing.isPresent()) {
      return new Attached(existing.get(), false);
    }
    LoopDevice device = loops.attach(backingFile, readOnly, label);
    log.info("bound {} to {}{}", backingFile, device.path(), readOnly ? " (read-only)" : "");
    return new Attached(device, true);
  }

  /**
   * Checks that {@code device} is this node's device of {@code volumeId}, still bound to the
   * volume's file, and holds it open for as long as it serves raw block access ({@link
   * BlockHolds}): its number can then not be reused while a pod's device node names it.
   *
   * @throws UnverifiedDeviceException when the check fails; the device must not be used
   */
  public void holdForBlock(LoopDevice device, String volumeId) throws IOException {
    holds.hold(device, volumeId);
  }

  /**
   * Checks that {@code device} is this node's device of {@code volumeId} and still bound to the
   * volume's file, before it is used.
   *
   * @throws UnverifiedDeviceException when it is not
   */
  public void verify(LoopDevice device, String volumeId) throws IOException {
    ownership.openVerified(device, volumeId).close();
  }

  /** True when this node bound {@code device} for {@code volumeId}. */
  public boolean isOurs(LoopDevice device, String volumeId) throws IOException {
    return ownership.isOurs(device, volumeId);
  }

  /** The loop device holding {@code volumeId}: writable and with its file present, if possible. */
  public Optional<LoopDevice> of(String volumeId) throws IOException {
    return allOf(volumeId).stream()
        .min(Orderings.byNumber(VolumeDevices::unfitness));
  }

  /** 0 for a writable device whose file is present; a deleted file weighs more than read-only. */
  private static int unfitness(LoopDevice device) {
    return (device.backingFileDeleted() ? 2 : 0) + (device.readOnly() ? 1 : 0);
  }

  /** Every loop device this node bound for {@code volumeId}. */
  public List<LoopDevice> allOf(String volumeId) throws IOException {
    List<LoopDevice> ours = new ArrayList<>();
    for (LoopDevice device : loops.bound()) {
      if (holds(device, volumeId) && ownership.isOurs(device, volumeId)) {
        ours.add(device);
      }
    }
    return ours;
  }

  /**
   * Lets go of every loop device of {@code volumeId} that this node bound and no longer uses, as
   * far as {@link DeviceRelease} allows.
   *
   * @throws AttachmentsUnknownException when the backend cannot confirm where the volume is
   *     attached: the devices stay, and a retry finishes the job
   */
  public void releaseUnused(String volumeId) throws IOException {
    List<Mount> table = mounts.read();
    for (LoopDevice device : allOf(volumeId)) {
      settle(release.release(device, table));
    }
  }

  /** The loop device a mount shows or binds, if it is a loop device that is still bound. */
  public Optional<LoopDevice> behind(Mount mount) throws IOException {
    OptionalInt node = deviceNodeNumber(mount);
    if (node.isPresent()) {
      return loops.read(node.getAsInt());
    }
    return loops.byDevice(mount.major(), mount.minor());
  }

  /** The N of a bind mount of /dev/loopN, if {@code mount} is one. */
  public static OptionalInt deviceNodeNumber(Mount mount) {
    return DeviceUsers.deviceNodeNumber(mount);
  }

  /**
   * True when {@code mount} shows or binds the device of {@code volumeId}. A bind of a loop device
   * node whose device was detached behind our back counts too: nothing else can claim it, and
   * unpublish/unstage must still be able to remove it.
   */
  public boolean shows(Mount mount, String volumeId) throws IOException {
    Optional<LoopDevice> device = behind(mount);
    return device.isPresent() ? holds(device.get(), volumeId) : deviceNodeNumber(mount).isPresent();
  }

  /**
   * Unmounts every mount of {@code volumeId} stacked at {@code place}. A foreign mount there is
   * refused: the node only undoes what it did.
   *
   * @return the loop devices those mounts showed
   */
  public List<LoopDevice> unmountAll(String volumeId, Place place) throws IOException {
    List<LoopDevice> shown = new ArrayList<>();
    Optional<Mount> top;
    while ((top = place.mount()).isPresent()) {
      if (!shows(top.get(), volumeId)) {
        throw new NodeFailure.WrongState(
            place.path()
                + " is mounted from "
                + top.get().source()
                + ", which is not volume "
                + volumeId
                + "; refusing to unmount it");
      }
      behind(top.get()).ifPresent(shown::add);
      place.unmount();
      log.info("unmounted {} ({})", place.path(), volumeId);
    }
    return shown;
  }

  public static boolean holds(LoopDevice device, String volumeId) {
    return device.backingFileName().equals(volumeId + ".img");
  }

  /** Mounts that show or bind {@code device}. */
  public static List<Mount> usersOf(LoopDevice device, List<Mount> table) {
    return DeviceUsers.of(device, table);
  }

  /** Lets go of {@code device} unless a mount still uses it, as far as {@link DeviceRelease} allows. */
  public void releaseIfUnused(LoopDevice device) throws IOException {
    settle(release.release(device, mounts.read()));
  }

  private static void settle(DeviceRelease.Outcome outcome) throws AttachmentsUnknownException {
    switch (outcome) {
      case DeviceRelease.Outcome.Undecided undecided -> throw undecided.why();
      case DeviceRelease.Outcome.AttachedElsewhere elsewhere ->
          log.warn(
              "keeping {} ({}): the backend says the volume is attached to {}, not to this node",
              elsewhere.device().path(),
              elsewhere.device().backingFile(),
              elsewhere.nodes());
      case DeviceRelease.Outcome.Released _,
          DeviceRelease.Outcome.InUse _,
          DeviceRelease.Outcome.NotOurs _,
          DeviceRelease.Outcome.Gone _ -> {}
    }
  }

  public LoopDevices loops() {
    return loops;
  }

  public MountTable mounts() {
    return mounts;
  }
}
