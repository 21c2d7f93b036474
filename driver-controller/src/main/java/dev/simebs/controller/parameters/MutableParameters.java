package dev.simebs.controller.parameters;

import dev.simebs.backend.api.Tag;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a VolumeAttributesClass may set, at creation ({@code mutable_parameters}) or later
 * (ControllerModifyVolume): type, IOPS, throughput and tags. Range checks against the type happen
 * once the target type is known ({@link #checkAgainst}).
 */
public record MutableParameters(
    Optional<VolumeTypeRules> type, OptionalInt iops, OptionalInt throughput, List<Tag> tags) {

  public static final MutableParameters NONE =
      new MutableParameters(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), List.of());

  private static final IntRange ANY_IOPS = new IntRange(1, Integer.MAX_VALUE);

  /**
   * Parses mutable parameters.
   *
   * @param field the request field they came in, for messages
   */
  public static MutableParameters parse(Map<String, String> parameters, String field) {
    Optional<VolumeTypeRules> type = Optional.empty();
    OptionalInt iops = OptionalInt.empty();
    OptionalInt throughput = OptionalInt.empty();
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue();
      if (ParameterKeys.matches(key, ParameterKeys.TYPE)) {
        type = Optional.of(VolumeTypeRules.parse(value, field + " key " + key));
      } else if (ParameterKeys.matches(key, ParameterKeys.IOPS)) {
        iops = OptionalInt.of(ParameterValues.integer(field + " key " + key, value, ANY_IOPS));
      } else if (ParameterKeys.matches(key, ParameterKeys.THROUGHPUT)) {
        throughput = OptionalInt.of(ParameterValues.integer(field + " key " + key, value, ANY_IOPS));
      } else if (!ParameterKeys.isTagSpecification(key)) {
        throw new InvalidRequest(
            "%s key \"%s\" cannot be modified; mutable keys are %s, %s, %s and %sN",
            field, key, ParameterKeys.TYPE, ParameterKeys.IOPS, ParameterKeys.THROUGHPUT,
            ParameterKeys.TAG_SPECIFICATION_PREFIX);
      }
    }
    return new MutableParameters(type, iops, throughput, TagSpecifications.parse(parameters));
  }

  public boolean isEmpty() {
    return type.isEmpty() && iops.isEmpty() && throughput.isEmpty() && tags.isEmpty();
  }

  /** Checks IOPS and throughput against the type the volume will have. */
  public void checkAgainst(VolumeTypeRules targetType) {
    iops.ifPresent(v -> targetType.checkIops(v, ParameterKeys.IOPS));
    throughput.ifPresent(v -> targetType.checkThroughput(v, ParameterKeys.THROUGHPUT));
  }
}
