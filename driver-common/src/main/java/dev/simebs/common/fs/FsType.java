package dev.simebs.common.fs;

import dev.simebs.common.grpc.InvalidRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The file systems SimEBS makes on a blank volume, mounts and grows (controller and node alike). */
public enum FsType {
  EXT4,
  EXT3,
  XFS;

  public static final FsType DEFAULT = EXT4;

  /** The name mkfs, mount(2), blkid and mountinfo use, e.g. {@code ext4}. */
  public String fsName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isExt() {
    return this != XFS;
  }

  /** Parses a file system name; empty text means "not said". */
  public static Optional<FsType> parse(String text, String field) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        find(text)
            .orElseThrow(
                () -> new InvalidRequest("%s \"%s\" is not supported; use one of %s", field, text, names())));
  }

  /** The file system called {@code name}, if SimEBS supports it. */
  public static Optional<FsType> find(String name) {
    for (FsType type : values()) {
      if (type.fsName().equalsIgnoreCase(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  public static String names() {
    return Arrays.stream(values()).map(FsType::fsName).collect(Collectors.joining(", "));
  }
}
