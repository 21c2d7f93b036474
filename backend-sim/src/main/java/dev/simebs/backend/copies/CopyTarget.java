package dev.simebs.backend.copies;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;

/** What a copy does to its target's row when it ends; snapshots and volumes each have one. */
public interface CopyTarget {

  /** True while the target's row exists (it may be deleted while its copy runs). */
  boolean exists(Connection c, String targetId) throws SQLException;

  /**
   * Records that the target's data is complete; returns when its transitional state is due to
   * end (epoch millis, 0 = now), or empty when the row is gone.
   */
  OptionalLong copied(Connection c, String targetId, long allocatedBytes) throws SQLException;

  /** Ends the target's transitional state, once its data is complete and its latency is over. */
  void complete(String targetId);

  /** Marks the target's row failed, saying why; false when the row is gone. */
  boolean failed(Connection c, String targetId, String why) throws SQLException;
}
