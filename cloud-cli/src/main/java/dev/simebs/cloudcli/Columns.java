package dev.simebs.cloudcli;

import com.google.protobuf.Timestamp;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.api.Volume;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/** How values read in a table cell. */
final class Columns {

  private Columns() {}

  /** An enum name as people read it: {@code IN_USE} is {@code in-use}. */
  static String state(Enum<?> state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A file system's state without the enum's prefix: {@code LIFE_CYCLE_AVAILABLE} is {@code available}. */
  static String lifeCycle(LifeCycleState state) {
    return state.name().replaceFirst("^LIFE_CYCLE_", "").toLowerCase(Locale.ROOT);
  }

  static String time(Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0 ? "-" : Instant.ofEpochSecond(t.getSeconds()).toString();
  }

  static String orDash(String text) {
    return text.isEmpty() ? "-" : text;
  }

  /** node (state) for each attachment, comma-separated. */
  static String attachments(Volume volume) {
    return volume.getAttachmentsList().isEmpty()
        ? "-"
        : volume.getAttachmentsList().stream()
            .map(a -> a.getNodeId() + " (" + state(a.getState()) + ")")
            .collect(Collectors.joining(","));
  }

  static String health(Volume volume) {
    if (!volume.getImpaired()) {
      return "ok";
    }
    return volume.getImpairedReason().isEmpty() ? "impaired" : "impaired: " + volume.getImpairedReason();
  }

  static String device(Attachment attachment) {
    return orDash(attachment.getDevice());
  }
}
