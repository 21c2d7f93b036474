package dev.simebs.node.request;

import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.RequestFields;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.common.paths.PathRules;
import dev.simebs.common.paths.RequestPath;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where each Node RPC's request is checked, in the same order for all: first that
 * every required field is present, then the form of every field (both INVALID_ARGUMENT naming the
 * field, as the spec's field tables say), and only then lookups (a volume ID that cannot be ours
 * is NOT_FOUND). Nothing here touches the file system; what passes is a typed request.
 */
public final class NodeRequests {

  /** A checked NodeStageVolume. */
  public record Stage(String volumeId, RequestPath staging, Access access, Path backingFile) {}

  /** A checked NodeUnstageVolume. */
  public record Unstage(String volumeId, RequestPath staging) {}

  /** A checked NodePublishVolume: of a staged volume, or of an ephemeral inline volume. */
  public sealed interface Publish {
    RequestPath target();

    record Staged(
        String volumeId, RequestPath staging, RequestPath target, Access access, boolean readOnly)
        implements Publish {}

    /**
     * @param sizeGib the size the pod asks for
     * @param type the volume type the pod asks for, if any
     */
    record Inline(
        String csiVolumeId,
        RequestPath target,
        Access.Filesystem access,
        boolean readOnly,
        long sizeGib,
        Optional<VolumeType> type)
        implements Publish {}
  }

  /** A checked NodeUnpublishVolume; {@code inline} when the ID is an inline volume's. */
  public record Unpublish(String volumeId, RequestPath target, boolean inline) {}

  /** A checked NodeGetVolumeStats. */
  public record Stats(String volumeId, RequestPath volumePath) {}

  /**
   * A checked NodeExpandVolume.
   *
   * @param requiredBytes 0 when not given
   * @param limitBytes 0 when there is no limit
   */
  public record Expand(
      String volumeId,
      RequestPath volumePath,
      long requiredBytes,
      long limitBytes,
      Optional<Access> capability) {}

  private static final String STAGING = "staging_target_path";
  private static final String TARGET = "target_path";
  private static final String VOLUME_PATH = "volume_path";
  private static final String CAPABILITY = "volume_capability";

  private final PathRules paths;
  private final BackingFiles backingFiles;
  private final InlineVolumeLimits inlineLimits;

  public NodeRequests(PathRules paths, BackingFiles backingFiles, InlineVolumeLimits inlineLimits) {
    this.paths = paths;
    this.backingFiles = backingFiles;
    this.inlineLimits = inlineLimits;
  }

  public Stage stage(NodeStageVolumeRequest request) {
    requireVolumeId(request.getVolumeId());
    RequestFields.require(!request.getStagingTargetPath().isEmpty(), STAGING);
    RequestFields.require(request.hasVolumeCapability(), CAPABILITY);
    RequestPath staging = paths.check(STAGING, request.getStagingTargetPath());
    Access access = AccessRules.of(request.getVolumeCapability(), request.getVolumeContextMap());
    Path backingFile = backingFiles.checkForm(request.getVolumeId(), request.getPublishContextMap());
    return new Stage(Requests.volumeId(request.getVolumeId()), staging, access, backingFile);
  }

  public Unstage unstage(NodeUnstageVolumeRequest request) {
    requireVolumeId(request.getVolumeId());
    RequestFields.require(!request.getStagingTargetPath().isEmpty(), STAGING);
    RequestPath staging = paths.check(STAGING, request.getStagingTargetPath());
    return new Unstage(Requests.volumeId(request.getVolumeId()), staging);
  }

  public Publish publish(NodePublishVolumeRequest request) {
    requireVolumeId(request.getVolumeId());
    RequestFields.require(!request.getTargetPath().isEmpty(), TARGET);
    RequestFields.require(request.hasVolumeCapability(), CAPABILITY);
    RequestPath target = paths.check(TARGET, request.getTargetPath());
    Access access = AccessRules.of(request.getVolumeCapability(), request.getVolumeContextMap());
    if ("true".equals(request.getVolumeContextMap().get(VolumeContextKeys.EPHEMERAL))) {
      InlineVolumeRules.checkId(request.getVolumeId());
      if (!(access instanceof Access.Filesystem filesystem)) {
        throw new InvalidRequest(
            "%s: ephemeral inline volumes support mount access only",
            CAPABILITY);
      }
      long sizeGib = InlineVolumeRules.sizeGib(request.getVolumeContextMap());
      VolumeType type =
          inlineLimits.check(sizeGib, InlineVolumeRules.type(request.getVolumeContextMap()));
      return new Publish.Inline(
          request.getVolumeId(), target, filesystem, request.getReadonly(), sizeGib, Optional.of(type));
    }
    Optional<RequestPath> staging =
        request.getStagingTargetPath().isEmpty()
            ? Optional.empty()
            : Optional.of(paths.check(STAGING, request.getStagingTargetPath()));
    if (staging.isEmpty()) {
      // The spec's own answer: the node stages volumes, so a publish needs where it staged.
      throw Rpc.fail(
          Status.Code.FAILED_PRECONDITION,
          "%s is required: this node stages volumes; call NodeStageVolume first",
          STAGING);
    }
    return new Publish.Staged(
        Requests.volumeId(request.getVolumeId()),
        staging.get(),
        target,
        access,
        request.getReadonly());
  }

  public Unpublish unpublish(NodeUnpublishVolumeRequest request) {
    requireVolumeId(request.getVolumeId());
    RequestFields.require(!request.getTargetPath().isEmpty(), TARGET);
    RequestPath target = paths.check(TARGET, request.getTargetPath());
    if (InlineVolumeRules.isInline(request.getVolumeId())) {
      return new Unpublish(request.getVolumeId(), target, true);
    }
    return new Unpublish(Requests.volumeId(request.getVolumeId()), target, false);
  }

  public Stats stats(NodeGetVolumeStatsRequest request) {
    requireVolumeId(request.getVolumeId());
    RequestFields.require(!request.getVolumePath().isEmpty(), VOLUME_PATH);
    String volumeId = Requests.volumeId(request.getVolumeId());
    // A path that breaks the rules cannot be where this node put a volume: NOT_FOUND, as the spec
    // says for a volume that does not exist at volume_path.
    return new Stats(volumeId, paths.checkLookedUp(VOLUME_PATH, request.getVolumePath()));
  }

  public Expand expand(NodeExpandVolumeRequest request) {
    requireVolumeId(request.getVolumeId());
    RequestFields.require(!request.getVolumePath().isEmpty(), VOLUME_PATH);
    long required = request.getCapacityRange().getRequiredBytes();
    long limit = request.getCapacityRange().getLimitBytes();
    if (required < 0 || limit < 0) {
      throw new InvalidRequest(
          "capacity_range must not hold negative byte counts");
    }
    if (limit > 0 && limit < required) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "capacity_range: limit_bytes %d is below required_bytes %d",
          limit,
          required);
    }
    Optional<Access> capability =
        request.hasVolumeCapability()
            ? Optional.of(AccessRules.of(request.getVolumeCapability(), Map.of()))
            : Optional.empty();
    String volumeId = Requests.volumeId(request.getVolumeId());
    RequestPath volumePath =
        paths.checkLookedUp(VOLUME_PATH, request.getVolumePath());
    return new Expand(volumeId, volumePath, required, limit, capability);
  }

  private static void requireVolumeId(String value) {
    RequestFields.require(!value.isEmpty(), "volume_id");
  }
}
