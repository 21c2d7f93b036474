package dev.simebs.backend.modifications;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.VolumeModification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the latest modification of each volume. */
public final class ModificationRows {

  private static final String SELECT = "SELECT body FROM modifications";

  private ModificationRows() {}

  public static Optional<VolumeModification> find(Connection c, String volumeId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE volume_id = ?")) {
      s.setString(1, volumeId);
      List<VolumeModification> rows = all(s);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }
  }

  public static List<VolumeModification> all(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY volume_id")) {
      return all(s);
    }
  }

  public static List<VolumeModification> inProgress(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE state IN (?, ?)")) {
      s.setInt(1, ModificationState.MODIFYING.getNumber());
      s.setInt(2, ModificationState.OPTIMIZING.getNumber());
      return all(s);
    }
  }

  /**
   * GiB of zone capacity held for a grow that has not applied yet (the modification is still
   * MODIFYING): the volume's recorded size does not count them, so whoever ends the
   * modification some other way gives them back.
   */
  public static long reservedGib(Connection c, String volumeId) throws SQLException {
    return find(c, volumeId)
        .filter(m -> m.getState() == ModificationState.MODIFYING)
        .map(m -> Math.max(0, m.getTargetSizeGib() - m.getOriginalSizeGib()))
        .orElse(0L);
  }

  public static void put(Connection c, VolumeModification m) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT OR REPLACE INTO modifications (volume_id, state, body) VALUES (?, ?, ?)")) {
      s.setString(1, m.getVolumeId());
      s.setInt(2, m.getState().getNumber());
      s.setBytes(3, m.toByteArray());
      s.executeUpdate();
    }
  }

  public static void delete(Connection c, String volumeId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM modifications WHERE volume_id = ?")) {
      s.setString(1, volumeId);
      s.executeUpdate();
    }
  }

  private static List<VolumeModification> all(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      List<VolumeModification> rows = new ArrayList<>();
      while (rs.next()) {
        try {
          rows.add(VolumeModification.parseFrom(rs.getBytes(1)));
        } catch (InvalidProtocolBufferException e) {
          throw new SQLException("corrupt modification row", e);
        }
      }
      return rows;
    }
  }
}
