package dev.simebs.common.paths;

import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.RequestFields;
import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The form every path from a request must have, checked before anything is looked up: absolute,
 * already normal (no {@code .} or {@code ..}), within the kernel's length limits, strictly inside
 * one of the allowed roots, and neither inside nor above one of the node's own directories (the
 * backend's data, the node's state), which a mount could otherwise reach or hide. Whether a link
 * hides in it is only known when the path is opened, which happens without following links.
 *
 * <p>The roots themselves are the operator's: their links are resolved once, at start, and a root
 * that is {@code /} or a system directory ({@code /proc}, {@code /sys}, {@code /dev}, {@code /etc},
 * {@code /boot}, {@code /usr} ...), or that holds one, is refused.
 */
public final class PathRules {

  /** System directories no root may be, lie in or hold. */
  public static final List<Path> SYSTEM_DIRECTORIES =
      List.of(
          "/proc", "/sys", "/dev", "/etc", "/boot", "/usr", "/bin", "/sbin", "/lib", "/lib64")
          .stream()
          .map(Path::of)
          .toList();

  /** PATH_MAX less the terminating NUL, and NAME_MAX, in bytes. */
  static final int MAX_PATH_BYTES = 4095;

  static final int MAX_NAME_BYTES = 255;

  /** An allowed root as configured (which requests may use) and as it really is. */
  private record Root(Path configured, Path real) {}

  private final List<Root> roots;
  private final List<Path> ownDirectories;

  private PathRules(List<Root> roots, List<Path> ownDirectories) {
    this.roots = roots;
    this.ownDirectories = ownDirectories;
  }

  /**
   * The rules for these roots and own directories, resolved now.
   *
   * @throws IllegalArgumentException when a root does not exist or is, lies in or holds {@code /}
   *     or a system directory
   */
  public static PathRules of(List<Path> allowedRoots, List<Path> ownDirectories) {
    if (allowedRoots.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed root is needed");
    }
    List<Root> roots = new ArrayList<>();
    for (Path root : allowedRoots) {
      Path configured = root.toAbsolutePath().normalize();
      Path real;
      try {
        real = configured.toRealPath();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "allowed root " + configured + " does not exist or cannot be read: " + e.getMessage());
      }
      for (Path candidate : List.of(configured, real)) {
        refuseSystemRoot(configured, candidate);
      }
      roots.add(new Root(configured, real));
    }
    List<Path> own = new ArrayList<>();
    for (Path dir : ownDirectories) {
      Path absolute = dir.toAbsolutePath().normalize();
      own.add(absolute);
      own.add(realIfExists(absolute));
    }
    return new PathRules(List.copyOf(roots), own.stream().distinct().toList());
  }

  /** The allowed roots as configured. */
  public List<Path> roots() {
    return roots.stream().map(Root::configured).toList();
  }

  /**
   * {@code value} of {@code field}, checked. Every broken rule is INVALID_ARGUMENT naming the field
   * and the (shortened) value.
   */
  public RequestPath check(String field, String value) {
    return check(field, value, false);
  }

  /**
   * As {@link #check}, for the path where a volume is looked up (NodeGetVolumeStats,
   * NodeExpandVolume): a present value that breaks a rule is NOT_FOUND, since no volume of this
   * node can be at such a path.
   */
  public RequestPath checkLookedUp(String field, String value) {
    return check(field, value, true);
  }

  private RequestPath check(String field, String value, boolean lookedUp) {
    RequestFields.require(value != null && !value.isEmpty(), field);
    Optional<String> why = whyNot(value);
    if (why.isPresent()) {
      throw broken(lookedUp, field, value, why.get());
    }
    Path path = Path.of(value);
    for (Root root : roots) {
      for (Path base : List.of(root.configured(), root.real())) {
        if (path.startsWith(base) && !path.equals(base)) {
          Path resolved = root.real().resolve(base.relativize(path));
          Optional<Path> own = ownDirectoryReachedBy(resolved);
          if (own.isPresent()) {
            throw broken(
                lookedUp,
                field,
                value,
                "must not be inside or above the node's own directory " + own.get());
          }
          return new RequestPath(field, value, resolved);
        }
      }
    }
    throw broken(
        lookedUp,
        field,
        value,
        "must be inside "
            + (roots.size() == 1 ? roots.getFirst().configured() : "one of " + roots()));
  }

  private static RuntimeException broken(
      boolean lookedUp, String field, String value, String why) {
    String message = field + " " + RequestFields.printable(value) + ": " + why;
    return lookedUp
        ? Rpc.fail(Status.Code.NOT_FOUND, "%s", message)
        : new InvalidRequest("%s", message);
  }

  private static Optional<String> whyNot(String value) {
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      return Optional.of("longer than the kernel's limit of " + MAX_PATH_BYTES + " bytes");
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      return Optional.of("is not a valid path");
    }
    if (!path.isAbsolute()) {
      return Optional.of("must be an absolute path");
    }
    if (!path.normalize().toString().equals(value) || value.contains("/./")) {
      return Optional.of("must be a normalised path without '.', '..' or repeated '/'");
    }
    for (Path name : path) {
      if (name.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        return Optional.of("has a component longer than " + MAX_NAME_BYTES + " bytes");
      }
    }
    return Optional.empty();
  }

  private Optional<Path> ownDirectoryReachedBy(Path path) {
    return ownDirectories.stream()
        .filter(own -> path.startsWith(own) || own.startsWith(path))
        .findFirst();
  }

  private static void refuseSystemRoot(Path configured, Path candidate) {
    if (candidate.getParent() == null) {
      throw new IllegalArgumentException("allowed root " + configured + " may not be /");
    }
    for (Path system : SYSTEM_DIRECTORIES) {
      if (candidate.startsWith(system) || system.startsWith(candidate)) {
        throw new IllegalArgumentException(
            "allowed root "
                + configured
                + (candidate.equals(configured) ? "" : " (really " + candidate + ")")
                + " may not be, lie in or hold the system directory "
                + system);
      }
    }
  }

  private static Path realIfExists(Path path) {
    try {
      return Files.exists(path) ? path.toRealPath() : path;
    } catch (IOException e) {
      return path;
    }
  }
}
