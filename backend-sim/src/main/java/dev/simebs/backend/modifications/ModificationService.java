package dev.simebs.backend.modifications;

import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INSUFFICIENT_VOLUME_CAPACITY;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.MODIFICATION_RATE_EXCEEDED;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.backend.api.Zone;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.model.NotFound;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.volumes.VolumeRows;
import dev.simebs.backend.volumes.VolumeTypes;
import dev.simebs.backend.zones.StorageQuota;
import dev.simebs.backend.zones.ZoneRows;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ModifyVolume: grow, change type, IOPS or throughput within the target type's rules. A
 * modification goes modifying → optimizing → completed; the volume takes its new attributes on
 * entering optimizing. With no latency configured it completes at once.
 *
 * <p>Every check, and the zone capacity a grow needs, is committed before the image file is
 * touched; the file grows only when the new size applies, just before the commit that records
 * it. So a refused request never changes a file, and a volume deleted meanwhile never gets its
 * image back as an orphan (growing never creates a file). A crash between the grow and its
 * commit leaves a file longer than recorded, inside capacity already reserved, and the
 * modification still in progress; {@link #recover()} applies it again.
 */
public final class ModificationService {

  private static final Logger log = LoggerFactory.getLogger(ModificationService.class);

  private final Database db;
  private final DataDir dataDir;
  private final ImageFiles files;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;

  public ModificationService(Database db, DataDir dataDir, ImageFiles files,
      Simulation simulation, Timers timers, Clock clock) {
    this.db = db;
    this.dataDir = dataDir;
    this.files = files;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
  }

  /** What a request asks for, once defaults and the type's rules are applied. */
  private record Plan(Volume volume, VolumeModification modification, boolean repeat) {

    boolean grows() {
      return modification.getTargetSizeGib() > volume.getSizeGib();
    }
  }

  public VolumeModification modify(ModifyVolumeRequest request) throws IOException {
    String volumeId = Checks.volumeId("volume_id", request.getVolumeId());
    Duration latency = simulation.latency("ModifyVolume");
    Plan started = db.write(c -> start(c, request, latency));
    VolumeModification modification = started.modification();
    if (started.repeat() || modification.getState() != ModificationState.MODIFYING) {
      return modification;
    }
    if (latency.isZero()) {
      return applyGrowth(volumeId, true).orElse(modification);
    }
    timers.after(latency, "modification of " + volumeId, () -> optimize(volumeId, latency));
    return modification;
  }

  /**
   * Checks the request and reserves the zone capacity a grow needs, in one transaction. Without
   * latency and without a grow the modification completes right here; a grow stays MODIFYING
   * until its file has grown ({@link #applyGrowth}).
   */
  private Plan start(Connection c, ModifyVolumeRequest request, Duration latency) throws SQLException {
    Plan plan = plan(c, request);
    if (plan.repeat()) {
      return plan;
    }
    String volumeId = plan.volume().getVolumeId();
    long delta = plan.modification().getTargetSizeGib() - plan.volume().getSizeGib();
    if (delta > 0) {
      Zone zone = ZoneRows.find(c, plan.volume().getZone()).orElseThrow();
      if (zone.getFreeGib() < delta) {
        throw BackendErrors.error(INSUFFICIENT_VOLUME_CAPACITY,
            "zone %s has %d GiB free, growing %s needs %d more"
                .formatted(zone.getName(), zone.getFreeGib(), volumeId, delta), volumeId);
      }
      StorageQuota.check(c, simulation.storageQuotaGib(), delta, volumeId);
      ZoneRows.addUsed(c, zone.getName(), delta);
    }
    VolumeModification modification = plan.modification();
    if (latency.isZero() && !plan.grows()) {
      applyToVolume(c, modification);
      modification = finished(modification);
    }
    ModificationRows.put(c, modification);
    return new Plan(plan.volume(), modification, false);
  }

  /** The latest modification of each given volume, or of every volume when none is given. */
  public List<VolumeModification> describe(List<String> volumeIds) {
    volumeIds.forEach(id -> Checks.volumeId("volume_ids", id));
    return db.read(c -> {
      if (volumeIds.isEmpty()) {
        return ModificationRows.all(c);
      }
      List<VolumeModification> found = new ArrayList<>();
      for (String id : volumeIds) {
        if (VolumeRows.find(c, id).isEmpty()) {
          throw NotFound.volume(id);
        }
        ModificationRows.find(c, id).ifPresent(found::add);
      }
      return found;
    });
  }

  /** Completes every modification in progress; run once at start, before serving. */
  public void recover() {
    for (VolumeModification m : db.read(ModificationRows::inProgress)) {
      if (m.getState() == ModificationState.MODIFYING) {
        optimize(m.getVolumeId(), Duration.ZERO);
      } else {
        complete(m.getVolumeId());
      }
    }
  }

  private void optimize(String volumeId, Duration latency) {
    Optional<VolumeModification> optimizing = applyGrowth(volumeId, latency.isZero());
    if (optimizing.isEmpty() || optimizing.get().getState() != ModificationState.OPTIMIZING) {
      return;
    }
    if (latency.isZero()) {
      complete(volumeId);
    } else {
      timers.after(latency, "optimization of " + volumeId, () -> complete(volumeId));
    }
  }

  /**
   * Applies a MODIFYING modification to its volume: grows the image file to the target size
   * first (the file must exist; growing never creates it), then records the new attributes, and
   * completes the modification too when {@code finish} (no optimizing phase to wait for).
   *
   * @return the modification as it now stands; empty when nothing was MODIFYING
   */
  private Optional<VolumeModification> applyGrowth(String volumeId, boolean finish) {
    Optional<VolumeModification> pending =
        db.read(c -> ModificationRows.find(c, volumeId))
            .filter(m -> m.getState() == ModificationState.MODIFYING);
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    try {
      files.grow(dataDir.volumeFile(volumeId), pending.get().getTargetSizeGib());
    } catch (IOException e) {
      return fail(volumeId, "cannot grow the volume's image: " + e.getMessage());
    }
    return db.write(c -> {
      Optional<VolumeModification> m = ModificationRows.find(c, volumeId);
      if (m.isEmpty() || m.get().getState() != ModificationState.MODIFYING) {
        return m;
      }
      applyToVolume(c, m.get());
      VolumeModification applied = finish
          ? finished(m.get())
          : m.get().toBuilder().setState(ModificationState.OPTIMIZING).setProgressPercent(50).build();
      ModificationRows.put(c, applied);
      return Optional.of(applied);
    });
  }

  /** Ends a MODIFYING modification as failed and gives back the capacity it reserved. */
  private Optional<VolumeModification> fail(String volumeId, String message) {
    log.warn("modification of {} failed: {}", volumeId, message);
    return db.write(c -> {
      Optional<VolumeModification> m = ModificationRows.find(c, volumeId);
      Optional<VolumeRows.Stored> volume = VolumeRows.find(c, volumeId);
      if (m.isEmpty() || m.get().getState() != ModificationState.MODIFYING || volume.isEmpty()) {
        return m;
      }
      ZoneRows.addUsed(c, volume.get().volume().getZone(), -ModificationRows.reservedGib(c, volumeId));
      VolumeModification failed = m.get().toBuilder()
          .setState(ModificationState.MODIFICATION_FAILED)
          .setStatusMessage(message)
          .setEndTime(Timestamps.ofMillis(clock.millis()))
          .build();
      ModificationRows.put(c, failed);
      return Optional.of(failed);
    });
  }

  private void complete(String volumeId) {
    db.write(c -> {
      Optional<VolumeModification> m = ModificationRows.find(c, volumeId);
      if (m.isPresent() && m.get().getState() == ModificationState.OPTIMIZING) {
        ModificationRows.put(c, finished(m.get()));
      }
      return null;
    });
  }

  private VolumeModification finished(VolumeModification m) {
    return m.toBuilder()
        .setState(ModificationState.MODIFICATION_COMPLETED)
        .setProgressPercent(100)
        .setEndTime(Timestamps.ofMillis(clock.millis()))
        .build();
  }

  private static void applyToVolume(Connection c, VolumeModification m) throws SQLException {
    Optional<VolumeRows.Stored> stored = VolumeRows.find(c, m.getVolumeId());
    if (stored.isPresent()) {
      VolumeRows.update(c, stored.get().volume().toBuilder()
          .setSizeGib(m.getTargetSizeGib())
          .setType(m.getTargetType())
          .setIops(m.getTargetIops())
          .setThroughputMibps(m.getTargetThroughputMibps())
          .build(), stored.get().dueAt());
    }
  }

  /** Checks a request against the volume, its latest modification and the type's rules. */
  private Plan plan(Connection c, ModifyVolumeRequest request) throws SQLException {
    String volumeId = request.getVolumeId();
    Volume volume = VolumeRows.find(c, volumeId)
        .orElseThrow(() -> NotFound.volume(volumeId)).volume();
    long size = request.hasSizeGib() ? request.getSizeGib() : volume.getSizeGib();
    if (size < volume.getSizeGib()) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "size_gib: %d GiB is smaller than the volume's %d GiB; volumes cannot shrink"
              .formatted(size, volume.getSizeGib()), volumeId);
    }
    VolumeType type = request.hasType() ? VolumeTypes.resolve(request.getType()) : volume.getType();
    boolean sameType = type == volume.getType();
    OptionalInt iops = request.hasIops() ? OptionalInt.of(request.getIops())
        : sameType && settableIops(type) ? OptionalInt.of(volume.getIops()) : OptionalInt.empty();
    OptionalInt throughput = request.hasThroughputMibps()
        ? OptionalInt.of(request.getThroughputMibps())
        : sameType && type == VolumeType.GP3
            ? OptionalInt.of(volume.getThroughputMibps()) : OptionalInt.empty();
    VolumeTypes.checkSize(type, size);
    VolumeTypes.Performance performance = VolumeTypes.performance(type, size, iops, throughput);
    if (volume.getMultiAttach() && !VolumeTypes.supportsMultiAttach(type)) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "type: multi-attach volume %s must stay io2".formatted(volumeId), volumeId);
    }
    VolumeModification target = VolumeModification.newBuilder()
        .setVolumeId(volumeId)
        .setState(ModificationState.MODIFYING)
        .setOriginalSizeGib(volume.getSizeGib())
        .setTargetSizeGib(size)
        .setOriginalType(volume.getType())
        .setTargetType(type)
        .setOriginalIops(volume.getIops())
        .setTargetIops(performance.iops())
        .setOriginalThroughputMibps(volume.getThroughputMibps())
        .setTargetThroughputMibps(performance.throughputMibps())
        .setStartTime(Timestamps.ofMillis(clock.millis()))
        .build();
    Optional<VolumeModification> last = ModificationRows.find(c, volumeId);
    if (last.isPresent() && sameTargets(last.get(), target)
        && (inProgress(last.get()) || unchanged(volume, target))) {
      return new Plan(volume, last.get(), true);
    }
    if (last.isPresent() && inProgress(last.get())) {
      throw BackendErrors.error(INCORRECT_STATE,
          "volume %s is already being modified (%s)".formatted(volumeId, last.get().getState()),
          volumeId);
    }
    if (unchanged(volume, target)) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "volume %s already has size %d GiB, type %s, %d IOPS, %d MiB/s: nothing to modify"
              .formatted(volumeId, size, VolumeTypes.name(type), performance.iops(),
                  performance.throughputMibps()), volumeId);
    }
    if (volume.getState() != VolumeState.AVAILABLE && volume.getState() != VolumeState.IN_USE) {
      throw BackendErrors.error(INCORRECT_STATE,
          "volume %s is %s".formatted(volumeId, volume.getState()), volumeId);
    }
    checkCooldown(volumeId, last);
    return new Plan(volume, target, false);
  }

  private void checkCooldown(String volumeId, Optional<VolumeModification> last) {
    Duration cooldown = simulation.modificationCooldown();
    if (last.isEmpty() || cooldown.isZero()) {
      return;
    }
    long ended = last.get().getEndTime().getSeconds() * 1000
        + last.get().getEndTime().getNanos() / 1_000_000;
    long readyAt = ended + cooldown.toMillis();
    if (clock.millis() < readyAt) {
      throw BackendErrors.error(MODIFICATION_RATE_EXCEEDED,
          "volume %s was modified less than %d s ago; retry in %d ms"
              .formatted(volumeId, cooldown.toSeconds(), readyAt - clock.millis()), volumeId);
    }
  }

  private static boolean settableIops(VolumeType type) {
    return type == VolumeType.GP3 || type == VolumeType.IO1 || type == VolumeType.IO2;
  }

  private static boolean inProgress(VolumeModification m) {
    return m.getState() == ModificationState.MODIFYING
        || m.getState() == ModificationState.OPTIMIZING;
  }

  private static boolean unchanged(Volume v, VolumeModification t) {
    return v.getSizeGib() == t.getTargetSizeGib() && v.getType() == t.getTargetType()
        && v.getIops() == t.getTargetIops()
        && v.getThroughputMibps() == t.getTargetThroughputMibps();
  }

  private static boolean sameTargets(VolumeModification a, VolumeModification b) {
    return a.getTargetSizeGib() == b.getTargetSizeGib() && a.getTargetType() == b.getTargetType()
        && a.getTargetIops() == b.getTargetIops()
        && a.getTargetThroughputMibps() == b.getTargetThroughputMibps();
  }
}
