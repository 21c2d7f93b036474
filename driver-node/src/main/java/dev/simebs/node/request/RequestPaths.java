package dev.simebs.node.request;

import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The gate every path from a request passes: absolute, already normal (no {@code .} or {@code ..}),
 * and inside the kubelet directory when one is configured, before and after symbolic links are
 * resolved (so a link cannot lead a mount elsewhere). The result is the resolved path, which is
 * also how mountinfo names it. Nothing is created here; a path that fails is INVALID_ARGUMENT
 * naming the field.
 */
public final class RequestPaths {

  private final Optional<Path> kubeletDir;

  public RequestPaths(Optional<Path> kubeletDir) {
    this.kubeletDir = kubeletDir.map(Path::normalize);
  }

  public Path check(String field, String value) {
    return check(field, value, Status.Code.INVALID_ARGUMENT);
  }

  /**
   * As {@link #check(String, String)}, but a present path that fails the rules is {@code badPath}:
   * e.g. NOT_FOUND for the path of a volume, which cannot be such a path.
   */
  public Path check(String field, String value, Status.Code badPath) {
    if (value == null || value.isEmpty()) {
      throw Rpc.fail(Status.Code.INVALID_ARGUMENT, "%s is required", field);
    }
    try {
      return checkPresent(field, value);
    } catch (StatusRuntimeException e) {
      throw Status.fromCode(badPath)
          .withDescription(e.getStatus().getDescription())
          .asRuntimeException();
    }
  }

  private Path checkPresent(String field, String value) {
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw Rpc.fail(Status.Code.INVALID_ARGUMENT, "%s is not a valid path: %s", field, value);
    }
    if (!path.isAbsolute()) {
      throw Rpc.fail(Status.Code.INVALID_ARGUMENT, "%s must be absolute: %s", field, value);
    }
    if (!path.normalize().toString().equals(value) || value.contains("/./")) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "%s must be a normalised path without '.' or '..': %s",
          field,
          value);
    }
    if (kubeletDir.isPresent() && !path.startsWith(kubeletDir.get())) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "%s must be inside the kubelet directory %s: %s",
          field,
          kubeletDir.get(),
          value);
    }
    if (path.getParent() == null) {
      throw Rpc.fail(Status.Code.INVALID_ARGUMENT, "%s must not be the root directory", field);
    }
    Path resolved = resolveLinks(path);
    if (kubeletDir.isPresent() && !resolved.startsWith(resolveLinks(kubeletDir.get()))) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "%s leads outside the kubelet directory through a symbolic link: %s -> %s",
          field,
          value,
          resolved);
    }
    return resolved;
  }

  /** {@code path} with the links of its longest existing prefix resolved. */
  static Path resolveLinks(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
