package dev.simebs.controller.volumes;

import csi.v1.CapacityRange;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.Zone;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.fs.FsType;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.controller.backend.ClientTokens;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.backend.DriverTags;
import dev.simebs.controller.capabilities.AccessType;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.capabilities.RequestedCapability;
import dev.simebs.controller.parameters.ParameterKeys;
import dev.simebs.controller.parameters.VolumeParameters;
import dev.simebs.controller.parameters.VolumeTypeRules;
import dev.simebs.controller.requests.Required;
import dev.simebs.controller.snapshots.SnapshotStates;
import dev.simebs.controller.topology.ZonePlacement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * CreateVolume. The CSI name becomes the backend's idempotency token, so a repeat finds the volume
 * it made before (also after a controller restart); a repeat whose arguments differ is
 * ALREADY_EXISTS. The call returns once the volume is available: a restore or clone is filled by
 * the backend in the background, and a repeat (after DEADLINE_EXCEEDED) waits for the same volume.
 */
public final class VolumeProvisioner {

  private final Cloud cloud;
  private final VolumeStates states;
  private final SnapshotStates snapshots;
  private final ControllerInFlight inFlight;

  public VolumeProvisioner(
      Cloud cloud, VolumeStates states, SnapshotStates snapshots, ControllerInFlight inFlight) {
    this.cloud = cloud;
    this.states = states;
    this.snapshots = snapshots;
    this.inFlight = inFlight;
  }

  public CreateVolumeResponse create(CreateVolumeRequest request) {
    Checked checked = Checked.check(request);
    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.VolumeName(checked.name()))) {
      ContentSource source = ContentSource.resolve(checked.source(), cloud, snapshots);
      VolumeParameters parameters = checked.parameters();
      VolumeTypeRules type = parameters.type();
      long sizeGiB =
          Sizes.forNewVolume(checked.range(), type, type.smallestSizeFor(parameters.iops()), source.sizeGiB());
      VolumeSpec spec =
          new VolumeSpec(checked.name(), sizeGiB, parameters, parameters.iopsFor(sizeGiB), checked.fsType(), source);
      Volume available = states.awaitAvailable(createOrFind(spec, checked.placement()));
      return CreateVolumeResponse.newBuilder().setVolume(CsiVolumes.toCsi(available, spec.volumeContext())).build();
    }
  }

  /** CreateVolume's fields, all checked for presence and form before any lookup. */
  private record Checked(
      String name,
      CapacityRange range,
      VolumeParameters parameters,
      FsType fsType,
      ContentSource.Requested source,
      ZonePlacement placement) {

    static Checked check(CreateVolumeRequest request) {
      String name = Required.text(request.getName(), "name");
      List<RequestedCapability> capabilities =
          CapabilityRules.readAll(request.getVolumeCapabilitiesList(), "volume_capabilities");
      CapacityRange range = Required.nonNegative(request.getCapacityRange(), "capacity_range");
      VolumeParameters parameters =
          VolumeParameters.parse(request.getParametersMap(), request.getMutableParamsMap());
      CapabilityRules.requireServed(capabilities, parameters.multiAttach(), "volume_capabilities");
      if (parameters.multiAttach() && capabilities.stream().anyMatch(c -> c.accessType() == AccessType.MOUNT)) {
        throw new InvalidRequest(
            "%s=\"true\" volumes serve block access only; volume_capabilities asks for a mount",
            ParameterKeys.MULTI_ATTACH);
      }
      FsType fsType = fileSystem(parameters, capabilities);
      parameters.mkfs().checkFor(fsType);
      ContentSource.Requested source = ContentSource.read(request.getVolumeContentSource());
      ZonePlacement placement =
          request.hasAccessibilityRequirements()
              ? ZonePlacement.of(request.getAccessibilityRequirements())
              : ZonePlacement.ANYWHERE;
      return new Checked(name, range, parameters, fsType, source, placement);
    }
  }

  /**
   * Creates the volume, or finds the one an earlier attempt created. The backend answers a
   * repeat of the very same request with the same volume; a repeat that differs in any way
   * (even only in the zone the requirements now pick first) is looked up by its token and judged
   * here: the same arguments in a zone the requirements allow are the same volume.
   */
  private Volume createOrFind(VolumeSpec spec, ZonePlacement placement) {
    try {
      return cloud.createVolume(spec.toBackendRequest(zoneFor(placement, spec.source())));
    } catch (BackendFailure failure) {
      if (!failure.is(ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH)) {
        throw failure;
      }
      return cloud.findVolumeByClientToken(ClientTokens.forVolume(spec.name()))
          .map(existing -> requireSame(existing, spec, placement))
          .orElseThrow(() -> failure);
    }
  }

  /** The one file system all sources of it agree on; ext4 when none names one. */
  private static FsType fileSystem(VolumeParameters parameters, List<RequestedCapability> capabilities) {
    Set<FsType> named = new TreeSet<>();
    parameters.fsType().ifPresent(named::add);
    for (int i = 0; i < capabilities.size(); i++) {
      capabilities.get(i).fileSystem("volume_capabilities[" + i + "].mount.fs_type").ifPresent(named::add);
    }
    if (named.size() > 1) {
      throw new InvalidRequest(
          "%s and the mount capabilities name different file systems: %s",
          ParameterKeys.FS_TYPE, named.stream().map(FsType::fsName).collect(Collectors.joining(", ")));
    }
    return named.stream().findFirst().orElse(FsType.DEFAULT);
  }

  private static Volume requireSame(Volume existing, VolumeSpec spec, ZonePlacement placement) {
    Optional<String> fingerprint = DriverTags.valueOf(existing.getTagsList(), DriverTags.REQUEST_FINGERPRINT);
    if (fingerprint.isEmpty() || !fingerprint.get().equals(spec.fingerprint())) {
      throw ControllerRefusal.conflict(
          "volume \"%s\" already exists as %s with other size, parameters or source",
          spec.name(), existing.getVolumeId());
    }
    boolean zoneFits =
        placement.allows(existing.getZone())
            && spec.source().fixedZone().map(z -> z.equals(existing.getZone())).orElse(true);
    if (!zoneFits) {
      throw ControllerRefusal.conflict(
          "volume \"%s\" already exists as %s in zone %s, which accessibility_requirements do not allow",
          spec.name(), existing.getVolumeId(), existing.getZone());
    }
    return existing;
  }

  private String zoneFor(ZonePlacement placement, ContentSource source) {
    if (source.fixedZone().isPresent()) {
      return placement.choose(Set.of(), source.fixedZone()).orElseThrow();
    }
    if (placement.isOpen()) {
      return "";
    }
    Set<String> zones = cloud.zones().stream().map(Zone::getName).collect(Collectors.toCollection(TreeSet::new));
    return placement.choose(zones, Optional.empty()).orElse("");
  }
}
