package dev.simebs.backend;

import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.filesystems.FileSystemSettings;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.backend.zones.ZoneSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What a backend needs to start: where its data lives and how its volume store is made, its
 * zones, the default per-node attachment limit, the initial simulation knobs and how its file
 * systems behave.
 *
 * @param allowEmptyDatabase start even when the database is empty and the volume store is not
 *     (the files are quarantined); otherwise such a start is refused
 * @param zones the zones configured at start
 * @param zonesFromNodes when true, a node registering in a zone the backend does not know adds
 *     it (with {@link #DEFAULT_ZONE_CAPACITY_GIB}): the zones come from the cluster's nodes
 */
public record BackendConfig(
    Path dataDir,
    VolumeStoreMode volumeStore,
    boolean allowEmptyDatabase,
    List<ZoneSpec> zones,
    int defaultAttachmentLimit,
    SimulationConfig simulation,
    Clock clock,
    FileSystemSettings fileSystems,
    boolean zonesFromNodes) {

  public static final long DEFAULT_ZONE_CAPACITY_GIB = 100L * 1024;
  public static final int DEFAULT_ATTACHMENT_LIMIT = 25;
  public static final List<ZoneSpec> DEFAULT_ZONES = List.of(
      new ZoneSpec("sim-a", DEFAULT_ZONE_CAPACITY_GIB),
      new ZoneSpec("sim-b", DEFAULT_ZONE_CAPACITY_GIB));

  public BackendConfig {
    if (zones.isEmpty() && !zonesFromNodes) {
      throw new IllegalArgumentException("a backend needs at least one zone, or zones from nodes");
    }
    if (defaultAttachmentLimit < 1) {
      throw new IllegalArgumentException(
          "default attachment limit must be positive: " + defaultAttachmentLimit);
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    zones = List.copyOf(zones);
  }

  /**
   * The data directory as it is (no store of its own), zones sim-a and sim-b of 100 TiB each,
   * 25 attachments per node, no latency, no faults, default file-system settings.
   */
  public static BackendConfig defaults(Path dataDir) {
    return new BackendConfig(dataDir, VolumeStoreMode.DATA_DIR, false, DEFAULT_ZONES,
        DEFAULT_ATTACHMENT_LIMIT, SimulationConfig.getDefaultInstance(), Clock.systemUTC(),
        FileSystemSettings.defaults(), false);
  }

  public BackendConfig withVolumeStore(VolumeStoreMode mode) {
    return new BackendConfig(dataDir, mode, allowEmptyDatabase, zones, defaultAttachmentLimit,
        simulation, clock, fileSystems, zonesFromNodes);
  }

  public BackendConfig withAllowEmptyDatabase(boolean allow) {
    return new BackendConfig(dataDir, volumeStore, allow, zones, defaultAttachmentLimit,
        simulation, clock, fileSystems, zonesFromNodes);
  }

  public BackendConfig withSimulation(SimulationConfig simulation) {
    return new BackendConfig(dataDir, volumeStore, allowEmptyDatabase, zones,
        defaultAttachmentLimit, simulation, clock, fileSystems, zonesFromNodes);
  }

  public BackendConfig withZones(List<ZoneSpec> zones) {
    return new BackendConfig(dataDir, volumeStore, allowEmptyDatabase, zones,
        defaultAttachmentLimit, simulation, clock, fileSystems, zonesFromNodes);
  }

  public BackendConfig withDefaultAttachmentLimit(int limit) {
    return new BackendConfig(dataDir, volumeStore, allowEmptyDatabase, zones, limit, simulation,
        clock, fileSystems, zonesFromNodes);
  }

  public BackendConfig withFileSystems(FileSystemSettings settings) {
    return new BackendConfig(dataDir, volumeStore, allowEmptyDatabase, zones,
        defaultAttachmentLimit, simulation, clock, settings, zonesFromNodes);
  }

  /** The same, but zones unknown to the backend are added when a node registers in them. */
  public BackendConfig withZonesFromNodes() {
    return new BackendConfig(dataDir, volumeStore, allowEmptyDatabase, zones,
        defaultAttachmentLimit, simulation, clock, fileSystems, true);
  }
}
