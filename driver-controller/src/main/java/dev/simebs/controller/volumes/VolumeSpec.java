package dev.simebs.controller.volumes;

import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.Tag;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.fs.FsType;
import dev.simebs.controller.backend.ClientTokens;
import dev.simebs.controller.backend.DriverTags;
import dev.simebs.controller.parameters.VolumeParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Everything a CreateVolume decided about the volume it wants, before any zone is chosen: what
 * the backend is asked for, what the node is told, and the fingerprint a repeat is compared by.
 */
public record VolumeSpec(
    String name, long sizeGiB, VolumeParameters parameters, OptionalInt iops, FsType fsType, ContentSource source) {

  /** The volume_context the node reads when staging the volume. */
  public Map<String, String> volumeContext() {
    Map<String, String> context = new LinkedHashMap<>();
    context.put(VolumeContextKeys.TYPE, parameters.type().typeName());
    context.put(VolumeContextKeys.FS_TYPE, fsType.fsName());
    context.putAll(parameters.mkfs().toContext());
    return context;
  }

  /**
   * A digest of every argument that shapes the volume. A repeated CreateVolume with the same name
   * must produce the same digest, or it is ALREADY_EXISTS. The zone is checked apart, because
   * accessibility requirements may legitimately list zones in another order on a retry.
   */
  public String fingerprint() {
    String tags =
        parameters.tags().stream().map(t -> t.getKey() + "=" + t.getValue()).sorted().collect(Collectors.joining(","));
    String canonical =
        String.join(
            ";",
            "size=" + sizeGiB,
            "type=" + parameters.type().typeName(),
            "iops=" + (iops.isPresent() ? iops.getAsInt() : "-"),
            "throughput=" + (parameters.throughput().isPresent() ? parameters.throughput().getAsInt() : "-"),
            "encrypted=" + parameters.encrypted(),
            "kms=" + parameters.kmsKeyId().orElse("-"),
            "multiAttach=" + parameters.multiAttach(),
            "fs=" + fsType.fsName(),
            "mkfs=" + parameters.mkfs().toContext(),
            "source=" + source.describe(),
            "tags=" + tags);
    return ClientTokens.sha256(canonical);
  }

  /** The backend request that creates this volume in {@code zone} (empty: the backend picks). */
  public CreateVolumeRequest toBackendRequest(String zone) {
    CreateVolumeRequest.Builder request =
        CreateVolumeRequest.newBuilder()
            .setClientToken(ClientTokens.forVolume(name))
            .setSizeGib(sizeGiB)
            .setType(parameters.type().backendType())
            .setZone(zone)
            .setEncrypted(parameters.encrypted())
            .setKmsKeyId(parameters.kmsKeyId().orElse(""))
            .setMultiAttach(parameters.multiAttach())
            .setSnapshotId(source.snapshotId())
            .setSourceVolumeId(source.volumeId())
            .addTags(DriverTags.tag(DriverTags.VOLUME_NAME, name))
            .addTags(DriverTags.tag(DriverTags.REQUEST_FINGERPRINT, fingerprint()));
    iops.ifPresent(request::setIops);
    parameters.throughput().ifPresent(request::setThroughputMibps);
    for (Tag tag : parameters.metadataTags()) {
      request.addTags(tag);
    }
    request.addAllTags(parameters.tags());
    return request.build();
  }
}
