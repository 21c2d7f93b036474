package dev.simebs.backend.tags;

import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.MISSING_PARAMETER;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.model.NotFound;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.snapshots.SnapshotRows;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.volumes.VolumeRows;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Adds, overwrites and removes tags on volumes and snapshots. */
public final class TagService {

  private final Database db;

  public TagService(Database db) {
    this.db = db;
  }

  /** Sets {@code tags} on the resource, replacing values of keys it already has. */
  public void create(String resourceId, List<Tag> tags) {
    Checks.tags(tags);
    update(resourceId, current -> merged(current, tags));
  }

  /**
   * {@code current} with {@code added} set on top (an added key replaces the value it had),
   * checked against the cloud's tag rules.
   */
  public static List<Tag> merged(List<Tag> current, List<Tag> added) {
    Map<String, String> merged = asMap(current);
    added.forEach(t -> merged.put(t.getKey(), t.getValue()));
    List<Tag> result = asTags(merged);
    Checks.tags(result);
    return result;
  }

  /** Removes the tags with these keys (absent keys are ignored). */
  public void delete(String resourceId, Collection<String> keys) {
    update(resourceId, current -> without(current, keys));
  }

  /** {@code current} without the tags with these keys (absent keys are ignored). */
  public static List<Tag> without(List<Tag> current, Collection<String> keys) {
    Map<String, String> remaining = asMap(current);
    keys.forEach(remaining::remove);
    return asTags(remaining);
  }

  private void update(String resourceId, UnaryOperator<List<Tag>> change) {
    if (resourceId.isEmpty()) {
      throw BackendErrors.error(MISSING_PARAMETER, "resource_id is required");
    }
    if (ResourceIds.VOLUME.isValid(resourceId)) {
      db.write(c -> {
        VolumeRows.Stored stored = VolumeRows.find(c, resourceId)
            .orElseThrow(() -> NotFound.volume(resourceId));
        Volume volume = stored.volume();
        VolumeRows.update(c, volume.toBuilder().clearTags()
            .addAllTags(change.apply(volume.getTagsList())).build(), stored.dueAt());
        return null;
      });
    } else if (ResourceIds.SNAPSHOT.isValid(resourceId)) {
      db.write(c -> {
        SnapshotRows.Stored stored = SnapshotRows.find(c, resourceId)
            .orElseThrow(() -> NotFound.snapshot(resourceId));
        Snapshot snapshot = stored.snapshot();
        SnapshotRows.update(c, snapshot.toBuilder().clearTags()
            .addAllTags(change.apply(snapshot.getTagsList())).build(), stored.dueAt());
        return null;
      });
    } else {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "resource_id: '%s' is neither a volume nor a snapshot ID".formatted(resourceId));
    }
  }

  private static Map<String, String> asMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.getKey(), t.getValue()));
    return map;
  }

  private static List<Tag> asTags(Map<String, String> map) {
    return map.entrySet().stream()
        .map(e -> Tag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build())
        .toList();
  }
}
