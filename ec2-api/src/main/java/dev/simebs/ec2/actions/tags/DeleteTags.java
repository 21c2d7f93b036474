package dev.simebs.ec2.actions.tags;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DeleteTagsRequest;
import dev.simebs.backend.api.Tag;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
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
public record DeleteTags(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  /** A key to delete, only if it has {@code value} when one is given. */
  private record Deletion(String key, Optional<String> value) {}

  @Override
  public Set<String> parameters() {
    return Set.of("ResourceId", "Tag");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    List<String> ids = ResourceTags.resourceIds(request.params());
    List<Deletion> deletions = request.params().members("Tag").stream()
        .map(m -> new Deletion(m.required("Key"), m.optional("Value")))
        .toList();
    for (String id : ids) {
      List<Tag> current = ResourceTags.of(backend, id);
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
