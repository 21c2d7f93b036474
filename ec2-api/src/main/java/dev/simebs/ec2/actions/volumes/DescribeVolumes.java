package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;
import java.util.function.Supplier;

/** DescribeVolumes: by ID, by filters, in pages of 5-500. */
public record DescribeVolumes(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId", "Filter", "MaxResults", "NextToken");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    VolumeQuery query = VolumeQuery.read(request.params(),
        FilterParameters.read(request.params(), VolumeQuery.FILTERS, true), 500);
    VolumeQuery.Page page = query.run(backend.get());
    out.list("volumeSet", page.volumes(), VolumeXml::write);
    out.textIfSet("nextToken", page.nextToken());
  }
}
