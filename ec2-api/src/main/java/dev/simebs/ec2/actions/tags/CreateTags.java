package dev.simebs.ec2.actions.tags;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.CreateTagsRequest;
import dev.simebs.backend.api.Tag;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.TagParams;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** CreateTags: adds or overwrites tags on volumes and snapshots. */
public record CreateTags(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("ResourceId", "Tag");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    List<String> ids = ResourceTags.resourceIds(request.params());
    List<Tag> tags = TagParams.tags(request.params(), "Tag");
    if (tags.isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER,
          "The request must contain the parameter Tag");
    }
    for (String id : ids) {
      backend.get().createTags(
          CreateTagsRequest.newBuilder().setResourceId(id).addAllTags(tags).build());
    }
    out.text("return", true);
  }
}
