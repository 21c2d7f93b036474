package dev.simebs.node.path;

import dev.simebs.common.paths.RequestPath;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.common.sys.SystemCallException;
import dev.simebs.node.failure.NodeFailure.UnusablePath.Problem;
import dev.simebs.node.failure.NodeFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the paths of requests without ever following a symbolic link, and turns what the kernel
 * says about them into failures that name the request's field: a link anywhere, a component that
 * is not a directory, a path too long, a directory the kernel will not let the node change, a
 * missing directory. Every change the node makes at a request path goes through the {@link Place}
 * this returns, so what was checked is what is used.
 */
public final class SafePaths {

  private final LinuxSystem system;
  private final MountTable mounts;

  public SafePaths(LinuxSystem system, MountTable mounts) {
    this.system = system;
    this.mounts = mounts;
  }

  /**
   * The place {@code path} names: its directory, opened and held, and its last name there.
   *
   * @throws NodeFailure.UnusablePath when the directory cannot be opened safely, or is missing
   */
  public Place place(RequestPath path) throws SystemCallException {
    Path directory = path.path().getParent();
    try {
      PathHandle handle = system.open(directory);
      if (handle.kind() != PathHandle.FileKind.DIRECTORY) {
        handle.close();
        throw new NodeFailure.UnusablePath(
            path.field(),
            path.value(),
            Problem.WRONG_KIND,
            "a component of it is not a directory (" + directory + ")");
      }
      return new Place(this, path, handle, path.path().getFileName().toString(), true);
    } catch (SystemCallException e) {
      throw unusable(path, e);
    }
  }

  /**
   * As {@link #place}, making the missing directories on the way first (as kubelet and most
   * clients expect). Each is made relative to a handle of the one above it, so no link can lead
   * the making elsewhere.
   */
  public Place placeMakingDirectories(RequestPath path) throws SystemCallException {
    Path directory = path.path().getParent();
    Path existing = directory;
    PathHandle handle = null;
    try {
      while (handle == null) {
        try {
          handle = system.open(existing);
        } catch (SystemCallException e) {
          if (e.errno() != LinuxSystem.ENOENT || existing.getParent() == null) {
            throw e;
          }
          existing = existing.getParent();
        }
      }
      for (Path name : existing.relativize(directory)) {
        if (name.toString().isEmpty()) {
          continue;
        }
        try {
          system.makeDirectory(handle, name.toString());
        } catch (SystemCallException e) {
          if (e.errno() != LinuxSystem.EEXIST) {
            throw e;
          }
        }
        PathHandle next = system.openChild(handle, name.toString());
        handle.close();
        handle = next;
      }
    } catch (SystemCallException e) {
      if (handle != null) {
        handle.close();
      }
      throw unusable(path, e);
    }
    handle.close();
    return place(path);
  }

  /** As {@link #place}, but empty when the directory does not exist (nothing can be there). */
  public Optional<Place> existingPlace(RequestPath path) throws SystemCallException {
    try {
      return Optional.of(place(path));
    } catch (NodeFailure.UnusablePath e) {
      if (e.problem() == Problem.NO_PARENT) {
        return Optional.empty();
      }
      throw e;
    }
  }

  LinuxSystem system() {
    return system;
  }

  MountTable mounts() {
    return mounts;
  }

  /**
   * The failure a system call on {@code path} means for the request, or {@code e} itself when it
   * says nothing about the path.
   */
  SystemCallException unusable(RequestPath path, SystemCallException e) {
    Problem problem;
    String why;
    switch (e.errno()) {
      case LinuxSystem.ELOOP -> {
        problem = Problem.LINK;
        why = "holds a symbolic link" + firstLinkIn(path.path()) + "; the node never follows links";
      }
      case LinuxSystem.ENOTDIR -> {
        problem = Problem.WRONG_KIND;
        why = "a component of it is not a directory";
      }
      case LinuxSystem.ENAMETOOLONG -> {
        problem = Problem.TOO_LONG;
        why = "is longer than the kernel accepts";
      }
      case LinuxSystem.EPERM, LinuxSystem.EACCES -> {
        problem = Problem.NOT_PERMITTED;
        why = "the kernel does not let the node change it (" + e.description() + ")";
      }
      case LinuxSystem.ENOENT -> {
        problem = Problem.NO_PARENT;
        why = "its directory " + path.path().getParent() + " does not exist";
      }
      default -> {
        return e;
      }
    }
    throw new NodeFailure.UnusablePath(path.field(), path.value(), problem, why);
  }

  /** " at X" for the first link on the way to {@code path}, for the message only. */
  private static String firstLinkIn(Path path) {
    Path prefix = path.getRoot();
    for (Path name : path) {
      prefix = prefix.resolve(name);
      if (Files.isSymbolicLink(prefix)) {
        return " at " + prefix;
      }
    }
    return "";
  }
}
