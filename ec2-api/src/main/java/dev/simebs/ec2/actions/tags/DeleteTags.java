package dev.simebs.ec2.actions.tags;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DeleteTagsRequest;
import dev.simebs.backend.api.Tag;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * DeleteTags. As in EC2: no {@code Tag} deletes every tag; a {@code Tag.N.Key} without a value
 * deletes that key; with a value (even "") only when the tag has that value.
 */
public final class DeleteTags implements Action {

  /** A key to delete, only if it has {@code value} when one is given. */
  private record Deletion(String key, Optional<String> value) {}

  private final Supplier<BackendBlockingStub> backend;
  private final ResourceTags resourceTags;

  public DeleteTags(Supplier<BackendBlockingStub> backend) {
    this.backend = backend;
    this.resourceTags = new ResourceTags(backend);
  }

  @Override
  public String name() {
    return "DeleteTags";
  }

  @Override
  public boolean mutates() {
    return true;
  }

  @Override
  public Set<String> parameters() {
    return Set.of("ResourceId", "Tag");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    List<String> ids = request.params().list("ResourceId").stream()
        .map(ResourceIdParams::taggableId).toList();
    if (ids.isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER,
          "The request must contain the parameter ResourceId");
    }
    List<Deletion> deletions = request.params().members("Tag").stream()
        .map(m -> new Deletion(m.required("Key"), m.optional("Value")))
        .toList();
    for (String id : ids) {
      List<Tag> current = resourceTags.of(id);
      List<String> keys = new ArrayList<>();
      for (Tag tag : current) {
        if (deletions.isEmpty() || deletions.stream().anyMatch(d -> d.key().equals(tag.getKey())
            && d.value().map(tag.getValue()::equals).orElse(true))) {
          keys.add(tag.getKey());
        }
      }
      if (!keys.isEmpty()) {
        backend.get().deleteTags(
            DeleteTagsRequest.newBuilder().setResourceId(id).addAllKeys(keys).build());
      }
    }
    out.text("return", true);
  }
}
