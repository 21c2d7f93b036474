package dev.simebs.common.paths;

import dev.simebs.common.grpc.RequestFields;
import java.nio.file.Path;

/**
 * A path from a request that passed the form rules ({@link PathRules}): absolute, normal, inside an
 * allowed root and outside the node's own directories.
 *
 * @param field the request field it came from, e.g. {@code target_path}
 * @param value the value as the request gave it, shortened for messages
 * @param path where it points, with the allowed root's own links resolved; nothing below the root
 *     has been looked at yet (that happens, without following links, when it is used)
 */
public record RequestPath(String field, String value, Path path) {

  public RequestPath {
    value = RequestFields.printable(value);
  }

  /** A directory the node owns itself, e.g. where it stages inline volumes. */
  public static RequestPath own(String description, Path path) {
    return new RequestPath(description, path.toString(), path);
  }
}
