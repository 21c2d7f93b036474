package dev.simebs.backend.accesspoints;

import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreationInfo;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.NativeFiles;
import java.io.IOException;
import java.util.Optional;

/**
 * Creates an access point's root directory on its first use, as EFS does: every missing
 * directory of the path is made with the creation info's owner and permissions, and made
 * durable before the mount is answered. The walk opens each directory relative to the previous
 * one and refuses symbolic links, because clients may have written anything into the tree.
 */
public final class RootDirectories {

  private final DataDir dataDir;
  private final NativeFiles calls;

  public RootDirectories(DataDir dataDir, NativeFiles calls) {
    this.dataDir = dataDir;
    this.calls = calls;
  }

  /**
   * Makes sure {@code path} exists in the file system, creating what is missing when
   * {@code creation} is given.
   *
   * @throws RuntimeException INCORRECT_STATE when the directory is missing and may not be
   *     created, or when a step of the path is not a directory
   */
  public void ensure(String fileSystemId, RootPath path, Optional<CreationInfo> creation)
      throws IOException {
    int fd = calls.openDirectory(dataDir.fileSystemRoot(fileSystemId));
    try {
      for (String name : path.components()) {
        int next = openOrCreate(fd, name, path, creation);
        calls.closeDescriptor(fd);
        fd = next;
      }
    } finally {
      calls.closeDescriptor(fd);
    }
  }

  private int openOrCreate(int parent, String name, RootPath path,
      Optional<CreationInfo> creation) throws IOException {
    try {
      return calls.openDirectoryAt(parent, name);
    } catch (NativeFiles.CallFailed e) {
      if (e.errno() != NativeFiles.ENOENT) {
        throw BackendErrors.error(INCORRECT_STATE,
            "root directory %s: '%s' is not a directory (errno %d)"
                .formatted(path, name, e.errno()));
      }
    }
    CreationInfo info = creation.orElseThrow(() -> BackendErrors.error(INCORRECT_STATE,
        "root directory %s does not exist and the access point has no creation info"
            .formatted(path)));
    try {
      calls.makeDirectoryAt(parent, name, 0700);
    } catch (NativeFiles.CallFailed e) {
      if (e.errno() != NativeFiles.EEXIST) {
        throw e;
      }
      return calls.openDirectoryAt(parent, name); // a concurrent first mount made it
    }
    int created = calls.openDirectoryAt(parent, name);
    calls.setOwnerAndMode(created, (int) info.getOwnerUid(), (int) info.getOwnerGid(),
        Permissions.parse("creation_info.permissions", info.getPermissions()));
    calls.sync(parent);
    return created;
  }
}
