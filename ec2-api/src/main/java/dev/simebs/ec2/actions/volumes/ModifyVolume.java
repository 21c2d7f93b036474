package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;
import java.util.function.Supplier;

/**
 * ModifyVolume: size, type, IOPS, throughput. One in progress makes another
 * IncorrectModificationState; one within the cool-down, VolumeModificationRateExceeded.
 */
public record ModifyVolume(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId", "Size", "VolumeType", "Iops", "Throughput", "MultiAttachEnabled");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    ModifyVolumeRequest modify = read(request.params());
    VolumeModification modification = backend.get().modifyVolume(modify).getModification();
    out.open("volumeModification");
    ModificationXml.write(out, modification);
    out.close();
  }

  private static ModifyVolumeRequest read(QueryParams p) {
    ModifyVolumeRequest.Builder modify = ModifyVolumeRequest.newBuilder()
        .setVolumeId(ResourceIdParams.volumeId(p.required("VolumeId")));
    p.optionalLong("Size").ifPresent(modify::setSizeGib);
    p.optional("VolumeType").map(t -> Ec2Names.volumeType(t, "VolumeType"))
        .ifPresent(modify::setType);
    p.optionalInt("Iops").ifPresent(modify::setIops);
    p.optionalInt("Throughput").ifPresent(modify::setThroughputMibps);
    if (p.optional("MultiAttachEnabled").isPresent()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "SimEBS cannot change MultiAttachEnabled of an existing volume");
    }
    return modify.build();
  }
}
