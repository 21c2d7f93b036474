package dev.simebs.efs.controller.provisioning;

import csi.v1.CapacityRange;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.Volume;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreationInfo;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.api.PosixUser;
import dev.simebs.backend.api.RootDirectory;
import dev.simebs.backend.api.Tag;
import dev.simebs.common.Digests;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.backend.Poller;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.efs.controller.cloud.FileSystemCloud;
import dev.simebs.efs.controller.volumes.MountCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CreateVolume: an access point per volume, with a root directory below the StorageClass's base
 * path and a POSIX identity from its uid/gid or from a free gid of its range. The CSI name (or,
 * with {@code reuseAccessPoint}, the PVC's name) becomes the access point's client token, so a
 * repeat finds the access point it made before, also after a restart; a repeat whose arguments
 * (capacity included) differ is ALREADY_EXISTS. The call returns once the access point is
 * available. Capacity is recorded, not enforced, as with EFS.
 */
public final class AccessPointProvisioner {

  /** How long the name-derived suffix of a unique directory is. */
  private static final int UNIQUE_SUFFIX = 12;
  /** The longest root directory path a file system takes. */
  private static final int MAX_ROOT_PATH = 100;

  private final FileSystemCloud cloud;
  private final Poller poller;
  private final ControllerInFlight inFlight;
  private final GidAllocator gids;

  public AccessPointProvisioner(FileSystemCloud cloud, Poller poller,
      ControllerInFlight inFlight, GidAllocator gids) {
    this.cloud = cloud;
    this.poller = poller;
    this.inFlight = inFlight;
    this.gids = gids;
  }

  public CreateVolumeResponse create(CreateVolumeRequest request) {
    String name = request.getName();
    if (name.isEmpty()) {
      throw new InvalidRequest("name is required");
    }
    MountCapabilities.requireServed(request.getVolumeCapabilitiesList(), "volume_capabilities");
    if (request.hasVolumeContentSource()) {
      throw new InvalidRequest("%s", "volume_content_source: shared file systems are not"
          + " made from snapshots or clones");
    }
    long capacity = capacity(request.getCapacityRange());
    ProvisioningParameters parameters = ProvisioningParameters.parse(request.getParametersMap(), name);
    List<String> root = rootDirectory(parameters, name);
    String fingerprint = fingerprint(parameters, root, request.getCapacityRange());

    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.VolumeName(name))) {
      String token = clientToken(parameters, name);
      Optional<AccessPoint> existing = cloud.findAccessPointByClientToken(token);
      FileSystem fs = cloud.findFileSystem(parameters.fileSystemId())
          .orElseThrow(() -> ControllerRefusal.missing("%s", "file system %s (parameter %s) does not exist"
              .formatted(parameters.fileSystemId(), ProvisioningParameters.FILE_SYSTEM_ID)));
      Optional<String> zone = zoneOf(fs, request);
      AccessPoint ap = existing
          .map(found -> requireSame(found, name, fingerprint, parameters.reuseAccessPoint()))
          .orElseGet(() -> createOrFind(parameters, name, token, root, fingerprint, capacity));
      AccessPoint available = awaitAvailable(ap);
      Volume.Builder volume = Volume.newBuilder()
          .setVolumeId(VolumeHandle.ofAccessPoint(fs.getFileSystemId(),
              available.getAccessPointId()).toString())
          .setCapacityBytes(capacity);
      zone.ifPresent(z -> volume.addAccessibleTopology(Topology.newBuilder()
          .putSegments(EfsDriverInfo.ZONE_TOPOLOGY_KEY, z)
          .putSegments(DriverInfo.WELL_KNOWN_ZONE_KEY, z)));
      return CreateVolumeResponse.newBuilder().setVolume(volume).build();
    }
  }

  /** The capacity reported: what was asked for (required, else the limit), 0 when nothing was. */
  private static long capacity(CapacityRange range) {
    if (range.getRequiredBytes() < 0 || range.getLimitBytes() < 0) {
      throw new InvalidRequest("capacity_range: bytes must not be negative");
    }
    if (range.getLimitBytes() > 0 && range.getRequiredBytes() > range.getLimitBytes()) {
      throw new InvalidRequest("%s", "capacity_range: required_bytes %d exceeds limit_bytes %d"
          .formatted(range.getRequiredBytes(), range.getLimitBytes()));
    }
    return range.getRequiredBytes() > 0 ? range.getRequiredBytes() : range.getLimitBytes();
  }

  /** The root directory: base path, the expanded pattern, and a name-derived unique suffix. */
  static List<String> rootDirectory(ProvisioningParameters parameters, String name) {
    List<String> root = new ArrayList<>(parameters.basePath());
    List<String> expanded = parameters.subPathPattern().expand(parameters.names());
    for (String component : expanded) {
      if (component.equals(".") || component.equals("..") || component.indexOf('\0') >= 0) {
        throw new InvalidRequest("%s", ("subPathPattern expands to '%s', which is not a plain"
            + " directory name").formatted(component));
      }
    }
    root.addAll(expanded);
    String suffix = "-" + sha256(name).substring(0, UNIQUE_SUFFIX);
    int last = root.size() - 1;
    if (parameters.ensureUniqueDirectory()) {
      root.set(last, root.get(last) + suffix);
    }
    int length = ("/" + String.join("/", root)).length();
    if (length > MAX_ROOT_PATH) {
      // CSI names reach 128 characters; a file system takes 100. The last directory keeps what
      // fits of its name and the name's digest, so it stays unique and the same on a repeat.
      int keep = root.get(last).length() - (length - MAX_ROOT_PATH) - suffix.length();
      if (keep < 1) {
        throw new InvalidRequest("%s", ("the access point's root directory /%s is longer than"
            + " the %d characters a file system allows; shorten basePath or subPathPattern")
            .formatted(String.join("/", root), MAX_ROOT_PATH));
      }
      root.set(last, root.get(last).substring(0, keep) + suffix);
    }
    return root;
  }

  private static String clientToken(ProvisioningParameters parameters, String name) {
    if (!parameters.reuseAccessPoint()) {
      return sha256("efs-volume:" + name);
    }
    String pvc = parameters.names().pvcName().orElseThrow(() -> new InvalidRequest("%s", 
        ProvisioningParameters.REUSE_ACCESS_POINT + "=true needs the PVC's name and namespace in"
            + " the parameters (csi-provisioner --extra-create-metadata)"));
    return sha256("efs-pvc:" + parameters.names().pvcNamespace().orElse("") + "/" + pvc
        + "@" + parameters.fileSystemId());
  }

  /** A One Zone file system's zone, which the accessibility requirements must allow. */
  private static Optional<String> zoneOf(FileSystem fs, CreateVolumeRequest request) {
    if (fs.getAvailabilityZone().isEmpty()) {
      return Optional.empty();
    }
    String zone = fs.getAvailabilityZone();
    if (request.hasAccessibilityRequirements()) {
      TopologyRequirement requirement = request.getAccessibilityRequirements();
      List<Topology> allowed = requirement.getRequisiteCount() > 0
          ? requirement.getRequisiteList()
          : requirement.getPreferredList();
      boolean fits = allowed.isEmpty() || allowed.stream().anyMatch(t -> inZone(t, zone));
      if (!fits) {
        throw ControllerRefusal.noRoom("%s", ("file system %s lives in zone %s only, which"
            + " accessibility_requirements do not allow").formatted(fs.getFileSystemId(), zone));
      }
    }
    return Optional.of(zone);
  }

  private static boolean inZone(Topology topology, String zone) {
    String ours = topology.getSegmentsMap().get(EfsDriverInfo.ZONE_TOPOLOGY_KEY);
    String wellKnown = topology.getSegmentsMap().get(DriverInfo.WELL_KNOWN_ZONE_KEY);
    return zone.equals(ours) || zone.equals(wellKnown) || (ours == null && wellKnown == null);
  }

  /** Allocates the identity and creates; a lost race on the token is judged like a repeat. */
  private AccessPoint createOrFind(ProvisioningParameters parameters, String name, String token,
      List<String> root, String fingerprint, long capacity) {
    try {
      return gids.exclusively(parameters.fileSystemId(), () -> {
        long gid = parameters.gid().orElseGet(() -> GidAllocator.lowestFree(
            usedGids(parameters.fileSystemId()), parameters.gidRangeStart(),
            parameters.gidRangeEnd()));
        long uid = parameters.uid().orElse(gid);
        return cloud.createAccessPoint(CreateAccessPointRequest.newBuilder()
            .setClientToken(token)
            .setFileSystemId(parameters.fileSystemId())
            .setPosixUser(PosixUser.newBuilder().setUid(uid).setGid(gid))
            .setRootDirectory(RootDirectory.newBuilder()
                .setPath("/" + String.join("/", root))
                .setCreationInfo(CreationInfo.newBuilder()
                    .setOwnerUid(uid).setOwnerGid(gid).setPermissions(parameters.directoryPerms())))
            .addAllTags(tags(parameters, name, fingerprint, capacity))
            .build());
      });
    } catch (BackendFailure failure) {
      if (!failure.is(ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH)) {
        throw failure;
      }
      return cloud.findAccessPointByClientToken(token)
          .map(found -> requireSame(found, name, fingerprint, parameters.reuseAccessPoint()))
          .orElseThrow(() -> failure);
    }
  }

  private Set<Long> usedGids(String fileSystemId) {
    return cloud.accessPointsOf(fileSystemId).stream()
        .filter(AccessPoint::hasPosixUser)
        .map(ap -> ap.getPosixUser().getGid())
        .collect(Collectors.toSet());
  }

  private static List<Tag> tags(ProvisioningParameters parameters, String name,
      String fingerprint, long capacity) {
    List<Tag> tags = new ArrayList<>(List.of(
        AccessPointTags.tag(AccessPointTags.VOLUME_NAME, name),
        AccessPointTags.tag(AccessPointTags.REQUEST_FINGERPRINT, fingerprint),
        AccessPointTags.tag(AccessPointTags.REQUESTED_BYTES, Long.toString(capacity)),
        AccessPointTags.tag(AccessPointTags.BASE_PATH,
            "/" + String.join("/", parameters.basePath()))));
    parameters.names().pvcName().ifPresent(
        v -> tags.add(AccessPointTags.tag(AccessPointTags.PVC_NAME, v)));
    parameters.names().pvcNamespace().ifPresent(
        v -> tags.add(AccessPointTags.tag(AccessPointTags.PVC_NAMESPACE, v)));
    tags.add(AccessPointTags.tag(AccessPointTags.PV_NAME, parameters.names().pvName()));
    return tags;
  }

  private static AccessPoint requireSame(AccessPoint existing, String name, String fingerprint,
      boolean reuse) {
    if (reuse) {
      return existing; // made for the same PVC before: reused as it is
    }
    Optional<String> recorded =
        AccessPointTags.valueOf(existing.getTagsList(), AccessPointTags.REQUEST_FINGERPRINT);
    if (recorded.isEmpty() || !recorded.get().equals(fingerprint)) {
      throw ControllerRefusal.conflict("%s", ("volume \"%s\" already exists as %s with other capacity or"
          + " parameters").formatted(name, existing.getAccessPointId()));
    }
    return existing;
  }

  private AccessPoint awaitAvailable(AccessPoint ap) {
    if (ap.getState() == LifeCycleState.LIFE_CYCLE_AVAILABLE) {
      return ap;
    }
    String id = ap.getAccessPointId();
    return poller.until(id + " to become available",
        () -> cloud.findAccessPoint(id).orElseThrow(() -> ControllerRefusal.missing("%s", 
            "access point %s disappeared while it was being created".formatted(id))),
        found -> found.getState() == LifeCycleState.LIFE_CYCLE_AVAILABLE);
  }

  /** What a repeat with the same name must match: everything that shapes the access point. */
  private static String fingerprint(ProvisioningParameters p, List<String> root,
      CapacityRange range) {
    return sha256(String.join("\n", p.fileSystemId(), String.join("/", root), p.directoryPerms(),
        String.valueOf(p.uid()), String.valueOf(p.gid()), p.gidRangeStart() + "-" + p.gidRangeEnd(),
        range.getRequiredBytes() + "/" + range.getLimitBytes()));
  }

  private static String sha256(String text) {
    return Digests.sha256(text);
  }
}
