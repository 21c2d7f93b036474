package dev.simebs.backend.metrics;

import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.store.Database;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.IntFunction;

/** How many objects of each kind the cloud holds, by state, read in one database snapshot. */
final class Inventory {

  /** One count: {@code count} objects of {@code kind} in {@code state}. */
  record Count(String kind, String state, long count) {}

  /** A kind of object, its table, its states, and how its state numbers read. */
  private record Kind(String name, String table, Enum<?>[] states, IntFunction<Enum<?>> state) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("volume", "volumes", VolumeState.values(), VolumeState::forNumber),
          new Kind("snapshot", "snapshots", SnapshotState.values(), SnapshotState::forNumber),
          new Kind("attachment", "attachments", AttachmentState.values(), AttachmentState::forNumber),
          new Kind("modification", "modifications", ModificationState.values(), ModificationState::forNumber));

  /** A kind whose rows all share one state: every row of {@code table} counts. */
  private record Tally(String kind, String state, String table) {}

  private static final List<Tally> TALLIES =
      List.of(
          new Tally("node", "registered", "nodes"),
          // A row per unfinished snapshot, restore or clone copy; it goes when the copy is done.
          new Tally("copy", "in_progress", "copies"));

  private final Database db;

  Inventory(Database db) {
    this.db = db;
  }

  /** Every state of every kind, zero where nothing is in it, so each series always exists. */
  List<Count> counts() {
    return db.read(c -> {
      List<Count> counts = new ArrayList<>();
      try (Statement s = c.createStatement()) {
        for (Kind kind : KINDS) {
          Map<String, Long> byState = new LinkedHashMap<>();
          for (Enum<?> state : kind.states()) {
            if (!state.name().endsWith("UNSPECIFIED") && !state.name().equals("UNRECOGNIZED")) {
              byState.put(name(state), 0L);
            }
          }
          try (ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM " + kind.table() + " GROUP BY state")) {
            while (rs.next()) {
              byState.put(stateName(kind, rs.getInt(1)), rs.getLong(2));
            }
          }
          byState.forEach((state, n) -> counts.add(new Count(kind.name(), state, n)));
        }
        for (Tally tally : TALLIES) {
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + tally.table())) {
            counts.add(new Count(tally.kind(), tally.state(), rs.next() ? rs.getLong(1) : 0));
          }
        }
      }
      return counts;
    });
  }

  private static String stateName(Kind kind, int number) {
    Enum<?> state = kind.state().apply(number);
    return state == null ? "unknown-" + number : name(state);
  }

  private static String name(Enum<?> state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
