package dev.simebs.backend.model;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Describe filters: an object matches when every filter has a value equal to the object's.
 * Names: {@code tag:<key>}, {@code zone}, {@code state}, {@code client-token},
 * {@code snapshot-id}, {@code volume-id}; states are written like {@code in-use}.
 */
public final class Filters {

  private Filters() {}

  public static Predicate<Volume> volumes(List<Filter> filters) {
    return all(filters, name -> switch (name) {
      case "zone" -> v -> Optional.of(v.getZone());
      case "state" -> v -> Optional.of(stateName(v.getState().name()));
      case "client-token" -> v -> Optional.of(v.getClientToken());
      case "snapshot-id" -> v -> Optional.of(v.getSnapshotId());
      case "volume-id" -> v -> Optional.of(v.getVolumeId());
      default -> tag(name, Volume::getTagsList);
    });
  }

  public static Predicate<Snapshot> snapshots(List<Filter> filters) {
    return all(filters, name -> switch (name) {
      case "state" -> s -> Optional.of(stateName(s.getState().name()));
      case "client-token" -> s -> Optional.of(s.getClientToken());
      case "snapshot-id" -> s -> Optional.of(s.getSnapshotId());
      case "volume-id" -> s -> Optional.of(s.getVolumeId());
      default -> tag(name, Snapshot::getTagsList);
    });
  }

  public static Predicate<AccessPoint> accessPoints(List<Filter> filters) {
    return all(filters, name -> switch (name) {
      case "state" -> a -> Optional.of(stateName(a.getState().name().replace("LIFE_CYCLE_", "")));
      case "client-token" -> a -> Optional.of(a.getClientToken());
      case "file-system-id" -> a -> Optional.of(a.getFileSystemId());
      case "access-point-id" -> a -> Optional.of(a.getAccessPointId());
      default -> tag(name, AccessPoint::getTagsList);
    });
  }

  /**
   * The values of a {@code client-token} filter, if there is one: tokens are a unique index, so
   * such a query reads those rows instead of scanning.
   */
  public static Optional<List<String>> clientTokens(List<Filter> filters) {
    return filters.stream()
        .filter(f -> f.getName().equals("client-token"))
        .findFirst()
        .map(f -> f.getValuesList().stream().distinct().toList());
  }

  /** {@code IN_USE} → {@code in-use}; {@code SNAPSHOT_ERROR} → {@code error}. */
  public static String stateName(String enumName) {
    return enumName.replace("SNAPSHOT_", "").toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static <T> Predicate<T> all(
      List<Filter> filters, Function<String, Function<T, Optional<String>>> fields) {
    Predicate<T> result = t -> true;
    for (Filter filter : filters) {
      Function<T, Optional<String>> field = fields.apply(filter.getName());
      List<String> values = filter.getValuesList();
      result = result.and(t -> field.apply(t).map(values::contains).orElse(false));
    }
    return result;
  }

  private static <T> Function<T, Optional<String>> tag(
      String name, Function<T, List<Tag>> tags) {
    if (!name.startsWith("tag:") || name.length() == 4) {
      throw BackendErrors.error(
          ErrorReason.INVALID_PARAMETER_VALUE,
          "filters: unknown filter name '" + name
              + "' (use tag:<key>, zone, state, client-token, snapshot-id or volume-id)");
    }
    String key = name.substring(4);
    return t -> tags.apply(t).stream()
        .filter(tag -> tag.getKey().equals(key))
        .map(Tag::getValue)
        .findFirst();
  }
}
