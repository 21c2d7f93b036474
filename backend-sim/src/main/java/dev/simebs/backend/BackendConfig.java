package dev.simebs.backend;

import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.filesystems.FileSystemSettings;
import dev.simebs.backend.zones.ZoneSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What a backend needs to start: where its data lives, its zones, the default per-node
 * attachment limit, the initial simulation knobs and how its file systems behave.
 *
 * @param zones the zones configured at start
 * @param zonesFromNodes when true, a node registering in a zone the backend does not know adds
 *     it (with {@link #DEFAULT_ZONE_CAPACITY_GIB}): the zones come from the cluster's nodes
 */
public record BackendConfig(
    Path dataDir,
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

  /** A backend whose zones are exactly {@code zones}, with the default file-system settings. */
  public BackendConfig(Path dataDir, List<ZoneSpec> zones, int defaultAttachmentLimit,
      SimulationConfig simulation, Clock clock) {
    this(dataDir, zones, defaultAttachmentLimit, simulation, clock,
        FileSystemSettings.defaults());
  }

  /** A backend whose zones are exactly {@code zones}. */
  public BackendConfig(Path dataDir, List<ZoneSpec> zones, int defaultAttachmentLimit,
      SimulationConfig simulation, Clock clock, FileSystemSettings fileSystems) {
    this(dataDir, zones, defaultAttachmentLimit, simulation, clock, fileSystems, false);
  }

  public BackendConfig withFileSystems(FileSystemSettings settings) {
    return new BackendConfig(dataDir, zones, defaultAttachmentLimit, simulation, clock, settings,
        zonesFromNodes);
  }

  /** Zones sim-a and sim-b of 100 TiB each, 25 attachments per node, no latency, no faults. */
  public static BackendConfig defaults(Path dataDir) {
    return new BackendConfig(dataDir, DEFAULT_ZONES, DEFAULT_ATTACHMENT_LIMIT,
        SimulationConfig.getDefaultInstance(), Clock.systemUTC());
  }

  public BackendConfig withSimulation(SimulationConfig simulation) {
    return new BackendConfig(dataDir, zones, defaultAttachmentLimit, simulation, clock,
        fileSystems, zonesFromNodes);
  }

  public BackendConfig withZones(List<ZoneSpec> zones) {
    return new BackendConfig(dataDir, zones, defaultAttachmentLimit, simulation, clock,
        fileSystems, zonesFromNodes);
  }

  public BackendConfig withDefaultAttachmentLimit(int limit) {
    return new BackendConfig(dataDir, zones, limit, simulation, clock, fileSystems,
        zonesFromNodes);
  }

  /** The same, but zones unknown to the backend are added when a node registers in them. */
  public BackendConfig withZonesFromNodes() {
    return new BackendConfig(dataDir, zones, defaultAttachmentLimit, simulation, clock,
        fileSystems, true);
  }
}
