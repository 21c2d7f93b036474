package dev.simebs.ec2.actions;

import dev.simebs.backend.api.Tag;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.ArrayList;
import java.util.List;

/** Tags in requests ({@code Tag.N.Key}, {@code TagSpecification.N.*}) and answers. */
public final class TagParams {

  private TagParams() {}

  /** {@code Name.N.Key} / {@code Name.N.Value}; a missing value is "". */
  public static List<Tag> tags(QueryParams params, String name) {
    return params.members(name).stream()
        .map(m -> Tag.newBuilder().setKey(m.required("Key"))
            .setValue(m.optional("Value").orElse("")).build())
        .toList();
  }

  /**
   * The tags of every {@code TagSpecification.N} for {@code resourceType}; a specification for
   * any other type is InvalidParameterValue, as the created resource could not carry it.
   */
  public static List<Tag> specified(QueryParams params, String resourceType) {
    List<Tag> tags = new ArrayList<>();
    for (QueryParams spec : params.members("TagSpecification")) {
      String type = spec.required("ResourceType");
      if (!type.equals(resourceType)) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "'%s' is not a valid taggable resource type for this operation (expected %s)",
            type, resourceType);
      }
      tags.addAll(tags(spec, "Tag"));
    }
    return tags;
  }

  public static void write(XmlAnswer out, List<Tag> tags) {
    out.list("tagSet", tags, (o, tag) -> o.text("key", tag.getKey()).text("value", tag.getValue()));
  }

  /** True when {@code tags} has {@code key}. */
  public static boolean hasKey(List<Tag> tags, String key) {
    return tags.stream().anyMatch(t -> t.getKey().equals(key));
  }

  /** True when {@code tags} has {@code key} with one of {@code values}. */
  public static boolean matches(List<Tag> tags, String key, List<String> values) {
    return tags.stream().anyMatch(t -> t.getKey().equals(key) && values.contains(t.getValue()));
  }
}
