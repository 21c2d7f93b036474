package dev.simebs.backend.zones;

import static dev.simebs.backend.api.ErrorReason.VOLUME_LIMIT_EXCEEDED;

import dev.simebs.backend.api.BackendErrors;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The account's storage quota: GiB of volumes across all zones, as a cloud limits an account's
 * storage per region. Checked inside the write that adds the GiB, so concurrent creates and grows
 * cannot pass it together.
 */
public final class StorageQuota {

  private StorageQuota() {}

  /** Fails with VOLUME_LIMIT_EXCEEDED when {@code moreGib} would take usage past the quota. */
  public static void check(Connection c, long quotaGib, long moreGib, String resourceId)
      throws SQLException {
    if (quotaGib <= 0 || moreGib <= 0) {
      return;
    }
    long used = ZoneRows.totalUsed(c);
    if (used + moreGib > quotaGib) {
      throw BackendErrors.error(VOLUME_LIMIT_EXCEEDED,
          "storage quota of %d GiB: %d GiB in use, %d GiB more requested"
              .formatted(quotaGib, used, moreGib), resourceId);
    }
  }
}
