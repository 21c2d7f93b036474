package dev.simebs.backend.files;

import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Images whose object is gone. The commit that removes a volume's or snapshot's row also records
 * that its image is to be removed; the file goes after the commit. A crash in between leaves a
 * file whose record says it was released, so the next start removes it instead of quarantining
 * it as unknown. Records of files already removed are forgotten by the next release's commit,
 * so the table stays small without commits of its own.
 */
public final class ImageReleases {

  private final DataDir dataDir;
  private final ImageFiles files;
  private final Queue<String> removed = new ConcurrentLinkedQueue<>();

  public ImageReleases(DataDir dataDir, ImageFiles files) {
    this.dataDir = dataDir;
    this.files = files;
  }

  /** Inside the mutation that removes the row of {@code id}: its image is to go. */
  public void record(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("INSERT OR IGNORE INTO released_images (id) VALUES (?)")) {
      s.setString(1, id);
      s.executeUpdate();
    }
    forgetRemoved(c);
  }

  /** After that mutation's commit: removes the image. */
  public void remove(String id) {
    files.deleteQuietly(dataDir.imageFile(id));
    removed.add(id);
  }

  /**
   * At start, before reconciliation: removes every image an earlier run released but may not
   * have removed, and forgets them all; returns how many files were still there.
   */
  public int finishAll(Database db) {
    List<String> released = db.read(c -> Rows.ids(c, "released_images"));
    int left = 0;
    for (String id : released) {
      Path image = dataDir.imageFile(id);
      if (Files.exists(image)) {
        left++;
        files.deleteQuietly(image);
      }
    }
    db.write(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM released_images")) {
        s.executeUpdate();
      }
      return null;
    });
    return left;
  }

  private void forgetRemoved(Connection c) throws SQLException {
    List<String> forget = new ArrayList<>();
    for (String id = removed.poll(); id != null; id = removed.poll()) {
      forget.add(id);
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM released_images WHERE id = ?")) {
      for (String id : forget) {
        s.setString(1, id);
        s.executeUpdate();
      }
    }
  }
}
