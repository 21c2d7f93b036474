package dev.simebs.backend.metrics;

import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.store.Database;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/** How many objects of each kind the cloud holds, by state, read in one database snapshot. */
final class Inventory {

  /** One count: {@code count} objects of {@code kind} in {@code state}. */
  record Count(String kind, String state, long count) {}

  /** A kind of object, its table, and how its state numbers read. */
  private record Kind(String name, String table, IntFunction<Enum<?>> state) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("volume", "volumes", VolumeState::forNumber),
          new Kind("snapshot", "snapshots", SnapshotState::forNumber),
          new Kind("attachment", "attachments", AttachmentState::forNumber),
          new Kind("modification", "modifications", ModificationState::forNumber));

  private final Database db;

  Inventory(Database db) {
    this.db = db;
  }

  List<Count> counts() {
    return db.read(c -> {
      List<Count> counts = new ArrayList<>();
      try (Statement s = c.createStatement()) {
        for (Kind kind : KINDS) {
          try (ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM " + kind.table() + " GROUP BY state")) {
            while (rs.next()) {
              counts.add(new Count(kind.name(), stateName(kind, rs.getInt(1)), rs.getLong(2)));
            }
          }
        }
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nodes")) {
          counts.add(new Count("node", "registered", rs.next() ? rs.getLong(1) : 0));
        }
      }
      return counts;
    });
  }

  private static String stateName(Kind kind, int number) {
    Enum<?> state = kind.state().apply(number);
    return state == null ? "unknown-" + number : state.name().toLowerCase(Locale.ROOT);
  }
}
