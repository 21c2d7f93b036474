package dev.simebs.node.path;

import dev.simebs.common.paths.RequestPath;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.sys.PathHandle.FileKind;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.common.sys.SystemCallException;
import dev.simebs.node.failure.NodeFailure.UnusablePath.Problem;
import dev.simebs.node.failure.NodeFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One name in one directory that is held open: the place a request path names. Whatever sits at
 * the name is opened afresh for each step (without following a link), so a mount made there is
 * seen by the next step, and no handle into a mount is held while it is unmounted.
 */
public final class Place implements AutoCloseable {

  private final SafePaths paths;
  private final RequestPath request;
  private final PathHandle directory;
  private final String name;
  private final boolean ownsDirectory;

  Place(
      SafePaths paths,
      RequestPath request,
      PathHandle directory,
      String name,
      boolean ownsDirectory) {
    this.paths = paths;
    this.request = request;
    this.directory = directory;
    this.name = name;
    this.ownsDirectory = ownsDirectory;
  }

  /** The absolute, link-free path of the place, as mountinfo names it. */
  public Path path() {
    return directory.path().resolve(name);
  }

  /** The request field this place came from, e.g. {@code target_path}. */
  public String field() {
    return request.field();
  }

  /** The directory that holds the place. */
  public PathHandle directory() {
    return directory;
  }

  /** The name of the place in its directory. */
  public String name() {
    return name;
  }

  /** What is at the place now, if anything. */
  public Optional<PathHandle> openIfPresent() throws SystemCallException {
    try {
      return Optional.of(system().openChild(directory, name));
    } catch (SystemCallException e) {
      if (e.errno() == LinuxSystem.ENOENT) {
        return Optional.empty();
      }
      throw paths.unusable(request, e);
    }
  }

  /**
   * The directory at the place (which may be the root of a mount), made if nothing is there.
   *
   * @throws NodeFailure.UnusablePath when something other than a directory is there
   */
  public PathHandle directoryMadeIfAbsent() throws SystemCallException {
    return objectMadeIfAbsent(FileKind.DIRECTORY);
  }

  /**
   * The regular file at the place (which may be a file a device is bound onto), made empty if
   * nothing is there.
   *
   * @throws NodeFailure.UnusablePath when something other than a regular file is there
   */
  public PathHandle fileMadeIfAbsent() throws SystemCallException {
    return objectMadeIfAbsent(FileKind.REGULAR_FILE);
  }

  /** The existing directory at the place, if there is one; anything else there is unusable. */
  public Optional<PathHandle> existingDirectory() throws SystemCallException {
    Optional<PathHandle> existing = openIfPresent();
    if (existing.isPresent()) {
      requireKind(existing.get(), FileKind.DIRECTORY);
    }
    return existing;
  }

  /** The mount whose root is at this place (the top-most one when several are stacked), if any. */
  public Optional<Mount> mount() throws SystemCallException {
    Optional<PathHandle> object = openIfPresent();
    if (object.isEmpty()) {
      return Optional.empty();
    }
    int mountId;
    try (PathHandle handle = object.get()) {
      mountId = system().mountId(handle);
    }
    // A mount always has an ID of its own: an object in its directory's mount is no mount root,
    // and the table need not be read (the common case of a fresh stage or publish).
    if (mountId == system().mountId(directory)) {
      return Optional.empty();
    }
    List<Mount> table = readMounts();
    return MountTable.withId(table, mountId).filter(mount -> mount.mountPoint().equals(path()));
  }

  /** Unmounts the top-most mount at this place; the caller holds no handle inside it. */
  public void unmount() throws SystemCallException {
    system().unmount(directory, name);
  }

  /**
   * Removes what the node made at this place, if it is of one of the {@code removable} kinds (a
   * directory only when it is empty).
   *
   * @return false when something else, or a directory that still holds files, is left there
   */
  public boolean removeIfPresent(FileKind... removable) throws SystemCallException {
    Optional<PathHandle> object = openIfPresent();
    if (object.isEmpty()) {
      return true;
    }
    FileKind kind;
    try (PathHandle handle = object.get()) {
      kind = handle.kind();
    }
    if (!List.of(removable).contains(kind)) {
      return false;
    }
    try {
      system().remove(directory, name, kind == FileKind.DIRECTORY);
      return true;
    } catch (SystemCallException e) {
      if (e.errno() == LinuxSystem.ENOENT) {
        return true;
      }
      if (e.errno() == LinuxSystem.ENOTEMPTY) {
        return false;
      }
      throw paths.unusable(request, e);
    }
  }

  /**
   * The place {@code childName} inside {@code directoryHere}, the directory at this place (e.g. the
   * file a block volume's device is bound onto, inside its staging directory). The caller keeps
   * owning the handle.
   */
  public Place child(PathHandle directoryHere, String childName) {
    return new Place(
        paths,
        new RequestPath(
            request.field(), request.value() + "/" + childName, path().resolve(childName)),
        directoryHere,
        childName,
        false);
  }

  /** A failure naming this place's field, for what the caller found wrong with it. */
  public NodeFailure.UnusablePath unusable(Problem problem, String why) {
    return new NodeFailure.UnusablePath(request.field(), request.value(), problem, why);
  }

  @Override
  public void close() {
    if (ownsDirectory) {
      directory.close();
    }
  }

  private PathHandle objectMadeIfAbsent(FileKind kind) throws SystemCallException {
    Optional<PathHandle> existing = openIfPresent();
    if (existing.isEmpty()) {
      try {
        if (kind == FileKind.DIRECTORY) {
          system().makeDirectory(directory, name);
        } else {
          system().makeFile(directory, name);
        }
      } catch (SystemCallException e) {
        // EEXIST: something appeared at the same moment; it is judged below like anything else.
        if (e.errno() != LinuxSystem.EEXIST) {
          throw paths.unusable(request, e);
        }
      }
      existing = openIfPresent();
      if (existing.isEmpty()) {
        throw unusable(Problem.NO_PARENT, "it vanished while the node was making it");
      }
    }
    requireKind(existing.get(), kind);
    return existing.get();
  }

  private void requireKind(PathHandle handle, FileKind kind) {
    if (handle.kind() != kind) {
      FileKind found = handle.kind();
      handle.close();
      throw unusable(Problem.WRONG_KIND, "is " + found + "; it must be " + kind + " or absent");
    }
  }

  private List<Mount> readMounts() {
    try {
      return paths.mounts().read();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the mount table: " + e.getMessage(), e);
    }
  }

  private LinuxSystem system() {
    return paths.system();
  }
}
