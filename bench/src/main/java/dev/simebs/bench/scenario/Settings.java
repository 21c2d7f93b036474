package dev.simebs.bench.scenario;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a run does, as given on the command line.
 *
 * @param volumes units of work (volumes) in the main phase
 * @param warmup units run before the main phase and left out of its numbers (JIT warm-up)
 * @param concurrency units in flight at once
 * @param sizeBytes capacity asked for each volume
 * @param dataMib data written per volume in the snapshot scenario
 * @param parameters CreateVolume parameters (StorageClass parameters)
 * @param pageSize ListVolumes / ListSnapshots max_entries
 * @param listPasses how many times the list scenario pages through everything
 * @param stagingDir where staging paths are made
 * @param targetDir where target paths are made
 * @param runId makes this run's volume names unique on a shared driver
 */
public record Settings(
    ScenarioKind scenario,
    int volumes,
    int warmup,
    int concurrency,
    long sizeBytes,
    int dataMib,
    AccessType accessType,
    String fsType,
    Map<String, String> parameters,
    int pageSize,
    int listPasses,
    Path stagingDir,
    Path targetDir,
    String runId) {

  public Settings {
    if (volumes < 1) {
      throw new IllegalArgumentException("--volumes must be at least 1");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must not be negative");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1");
    }
    if (sizeBytes < 1) {
      throw new IllegalArgumentException("--size must be positive");
    }
    if (dataMib < 0 || (long) dataMib << 20 > sizeBytes) {
      throw new IllegalArgumentException("--data-mib must be between 0 and the volume size");
    }
    if (pageSize < 1 || listPasses < 1) {
      throw new IllegalArgumentException("--page-size and --list-passes must be at least 1");
    }
    parameters = Map.copyOf(parameters);
  }

  /** The name of the volume (or snapshot) for unit {@code index}, unique to this run. */
  public String name(String role, int index) {
    return "bench-" + runId + "-" + role + "-" + index;
  }
}
