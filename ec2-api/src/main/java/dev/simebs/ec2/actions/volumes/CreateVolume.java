package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.actions.TagParams;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;
import java.util.function.Supplier;

/** CreateVolume: a blank volume, or one restored from {@code SnapshotId}. */
public record CreateVolume(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("AvailabilityZone", "AvailabilityZoneId", "Size", "SnapshotId", "VolumeType", "Iops", "Throughput",
        "Encrypted", "KmsKeyId", "MultiAttachEnabled", "ClientToken", "TagSpecification");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    CreateVolumeRequest create = read(request.params());
    Volume volume = backend.get().createVolume(create).getVolume();
    VolumeXml.write(out, volume);
  }

  /** AvailabilityZone or AvailabilityZoneId (a zone's ID is its name here), exactly one. */
  private static String zone(QueryParams p) {
    boolean byName = p.optional("AvailabilityZone").isPresent();
    boolean byId = p.optional("AvailabilityZoneId").isPresent();
    if (byName && byId) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "Give either AvailabilityZone or AvailabilityZoneId, not both");
    }
    return byId ? p.required("AvailabilityZoneId") : p.required("AvailabilityZone");
  }

  private static CreateVolumeRequest read(QueryParams p) {
    CreateVolumeRequest.Builder create = CreateVolumeRequest.newBuilder().setZone(zone(p));
    if (p.optional("Size").isEmpty() && p.optional("SnapshotId").isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER,
          "The request must contain the parameter size or snapshotId");
    }
    p.optionalLong("Size").ifPresent(size -> {
      if (size < 1) {
        throw QueryParams.invalidValue("Size", Long.toString(size));
      }
      create.setSizeGib(size);
    });
    p.optional("SnapshotId").map(ResourceIdParams::snapshotId).ifPresent(create::setSnapshotId);
    VolumeType type = p.optional("VolumeType").map(t -> Ec2Names.volumeType(t, "VolumeType"))
        .orElse(VolumeType.GP3);
    create.setType(type);
    p.optionalInt("Iops").ifPresent(iops -> {
      if (type == VolumeType.GP2 || type == VolumeType.ST1 || type == VolumeType.SC1) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
            "The parameter iops is not supported for %s volumes.", Ec2Names.volumeType(type));
      }
      create.setIops(iops);
    });
    p.optionalInt("Throughput").ifPresent(throughput -> {
      if (type != VolumeType.GP3) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
            "The parameter throughput is not supported for %s volumes.",
            Ec2Names.volumeType(type));
      }
      create.setThroughputMibps(throughput);
    });
    create.setEncrypted(p.flag("Encrypted"));
    p.optional("KmsKeyId").ifPresent(create::setKmsKeyId);
    create.setMultiAttach(p.flag("MultiAttachEnabled"));
    p.optional("ClientToken").ifPresent(create::setClientToken);
    create.addAllTags(TagParams.specified(p, "volume"));
    return create.build();
  }
}
