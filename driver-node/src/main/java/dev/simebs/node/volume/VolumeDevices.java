package dev.simebs.node.volume;

import dev.simebs.node.failure.NodeFailure;
import dev.simebs.node.path.Place;
import dev.simebs.node.sys.LoopDevice;
import dev.simebs.node.sys.LoopDevices;
import dev.simebs.node.sys.Mount;
import dev.simebs.node.sys.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which loop device holds which volume, and who uses it, read from the kernel's tables: a volume's
 * device is the loop device whose backing file is named {@code <volume_id>.img}; a mount uses it
 * when it shows the device's file system or binds its device node.
 */
public final class VolumeDevices {

  private static final Logger log = LoggerFactory.getLogger(VolumeDevices.class);
  private static final Pattern DEVICE_NODE = Pattern.compile("(?:^|/)loop(\\d+)$");

  private final LoopDevices loops;
  private final MountTable mounts;

  public VolumeDevices(LoopDevices loops, MountTable mounts) {
    this.loops = loops;
    this.mounts = mounts;
  }

  /** A volume's loop device, and whether this call bound it. */
  public record Attached(LoopDevice device, boolean created) {}

  /**
   * The loop device bound to {@code backingFile} (a real path), binding one if there is none.
   * Read-only devices are separate: the kernel refuses writes to them, which a read-only bind of a
   * writable device node would not.
   */
  public Attached attach(Path backingFile, boolean readOnly) throws IOException {
    Optional<LoopDevice> existing = loops.boundTo(backingFile, readOnly);
    if (existing.isPresent()) {
      return new Attached(existing.get(), false);
    }
    LoopDevice device = loops.attach(backingFile, readOnly);
    log.info("bound {} to {}{}", backingFile, device.path(), readOnly ? " (read-only)" : "");
    return new Attached(device, true);
  }

  /** The loop device holding {@code volumeId}: writable and with its file present, if possible. */
  public Optional<LoopDevice> of(String volumeId) throws IOException {
    return allOf(volumeId).stream()
        .min(
            Comparator.comparing(LoopDevice::backingFileDeleted)
                .thenComparing(LoopDevice::readOnly));
  }

  /** Every loop device holding {@code volumeId}. */
  public List<LoopDevice> allOf(String volumeId) throws IOException {
    return loops.bound().stream().filter(device -> holds(device, volumeId)).toList();
  }

  /** Detaches every loop device of {@code volumeId} that no mount uses any more. */
  public void releaseUnused(String volumeId) throws IOException {
    List<Mount> table = mounts.read();
    for (LoopDevice device : allOf(volumeId)) {
      if (usersOf(device, table).isEmpty()) {
        loops.detach(device);
        log.info("detached {} from {}", device.path(), device.backingFile());
      }
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
    Matcher matcher = DEVICE_NODE.matcher(mount.root());
    boolean deviceFs = mount.fsType().equals("devtmpfs") || mount.fsType().equals("tmpfs");
    return deviceFs && matcher.find()
        ? OptionalInt.of(Integer.parseInt(matcher.group(1)))
        : OptionalInt.empty();
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
    return table.stream()
        .filter(
            mount ->
                mount.isOnDevice(device.major(), device.minor())
                    || deviceNodeNumber(mount).equals(OptionalInt.of(device.number())))
        .toList();
  }

  /** Detaches {@code device} unless a mount still uses it. */
  public void releaseIfUnused(LoopDevice device) throws IOException {
    if (usersOf(device, mounts.read()).isEmpty()) {
      loops.detach(device);
      log.info("detached {} from {}", device.path(), device.backingFile());
    }
  }

  public LoopDevices loops() {
    return loops;
  }

  public MountTable mounts() {
    return mounts;
  }
}
