package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeVolumeModificationsRequest;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** DescribeVolumesModifications: the latest modification of each volume, in one page. */
public record DescribeVolumesModifications(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  private static final Set<String> FILTERS = Set.of("volume-id", "modification-state",
      "target-volume-type", "original-volume-type");

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId", "Filter", "MaxResults", "NextToken");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    List<String> ids = ResourceIdParams.volumeIds(request.params().list("VolumeId"));
    Predicate<VolumeModification> matches = m -> true;
    for (FilterParameters.Filter f : FilterParameters.read(request.params(), FILTERS, false)) {
      matches = matches.and(switch (f.name()) {
        case "volume-id" -> m -> f.accepts(m.getVolumeId());
        case "modification-state" -> m -> f.accepts(Ec2Names.modificationState(m.getState()));
        case "target-volume-type" -> m -> f.accepts(Ec2Names.volumeType(m.getTargetType()));
        default -> m -> f.accepts(Ec2Names.volumeType(m.getOriginalType()));
      });
    }
    List<VolumeModification> modifications = backend.get()
        .describeVolumeModifications(
            DescribeVolumeModificationsRequest.newBuilder().addAllVolumeIds(ids).build())
        .getModificationsList().stream().filter(matches).toList();
    out.list("volumeModificationSet", modifications, ModificationXml::write);
  }
}
