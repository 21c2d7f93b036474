package dev.simebs.node.metrics;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.Mount;
import dev.simebs.node.volume.VolumeDevices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The volumes staged in this node's mount namespace, with the loop devices they are mounted or
 * bound from. Only mounts this node can see count, so on a machine shared by several nodes each
 * reports its own volumes and never another node's devices.
 */
final class StagedVolumes {

  private static final int LOOP_MAJOR = 7;

  private final VolumeDevices devices;
  private final Optional<Path> volumesDir;

  StagedVolumes(VolumeDevices devices, Optional<Path> backendDataDir) {
    this.devices = devices;
    this.volumesDir = backendDataDir.map(dir -> dir.toAbsolutePath().normalize().resolve("volumes"));
  }

  /** Volume ID to the loop devices (by number) that show it here. */
  Map<String, List<LoopDevice>> find() throws IOException {
    Map<Integer, LoopDevice> seen = new HashMap<>();
    for (Mount mount : devices.mounts().read()) {
      if (mount.major() == LOOP_MAJOR || VolumeDevices.deviceNodeNumber(mount).isPresent()) {
        devices.behind(mount).filter(this::holdsAVolume).ifPresent(d -> seen.putIfAbsent(d.number(), d));
      }
    }
    Map<String, List<LoopDevice>> byVolume = new LinkedHashMap<>();
    seen.values().forEach(d -> byVolume.computeIfAbsent(volumeId(d), id -> new java.util.ArrayList<>()).add(d));
    return byVolume;
  }

  private boolean holdsAVolume(LoopDevice device) {
    boolean inVolumesDir = volumesDir.map(dir -> dir.equals(device.backingFile().getParent())).orElse(true);
    return inVolumesDir && ResourceIds.VOLUME.isValid(volumeId(device));
  }

  private static String volumeId(LoopDevice device) {
    String name = device.backingFileName();
    return name.endsWith(".img") ? name.substring(0, name.length() - ".img".length()) : name;
  }
}
