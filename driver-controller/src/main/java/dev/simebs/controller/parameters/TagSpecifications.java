package dev.simebs.controller.parameters;

import dev.simebs.backend.api.Tag;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads {@code tagSpecification_N = key=value} parameters into tags, ordered by N. */
public final class TagSpecifications {

  /** Tag keys the driver writes itself; users may not set them. */
  public static final String RESERVED_PREFIX = "ebs.csi.simebs.dev/";

  private TagSpecifications() {}

  /** The tags among {@code parameters}; other keys are ignored here. */
  public static List<Tag> parse(Map<String, String> parameters) {
    TreeMap<Integer, Tag> byIndex = new TreeMap<>();
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      if (ParameterKeys.isTagSpecification(entry.getKey())) {
        byIndex.put(ParameterKeys.tagSpecificationIndex(entry.getKey()), parse(entry.getKey(), entry.getValue()));
      }
    }
    List<Tag> tags = new ArrayList<>(byIndex.values());
    Set<String> keys = new HashSet<>();
    for (Tag tag : tags) {
      if (!keys.add(tag.getKey())) {
        throw new InvalidRequest("tag key \"%s\" is specified more than once", tag.getKey());
      }
    }
    return tags;
  }

  private static Tag parse(String key, String spec) {
    int equals = spec.indexOf('=');
    if (equals <= 0) {
      throw new InvalidRequest("%s must be key=value with a non-empty key, got \"%s\"", key, spec);
    }
    String tagKey = spec.substring(0, equals).trim();
    if (tagKey.isEmpty()) {
      throw new InvalidRequest("%s must be key=value with a non-empty key, got \"%s\"", key, spec);
    }
    if (tagKey.startsWith(RESERVED_PREFIX)) {
      throw new InvalidRequest("%s: tag keys starting with %s are reserved for the driver", key, RESERVED_PREFIX);
    }
    return Tag.newBuilder().setKey(tagKey).setValue(spec.substring(equals + 1).trim()).build();
  }
}
