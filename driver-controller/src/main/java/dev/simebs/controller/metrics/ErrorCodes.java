package dev.simebs.controller.metrics;

import dev.simebs.backend.api.ErrorReason;
import dev.simebs.common.backend.BackendFailure;
import java.util.Locale;

/**
 * Error codes as the cloud's users read them: the backend's reason in the EC2 API's spelling
 * (VOLUME_IN_USE is {@code VolumeInUse}); a failure that never reached the backend's logic (a
 * deadline, a lost connection) is its gRPC code, spelled the same way ({@code DeadlineExceeded}).
 */
final class ErrorCodes {

  private ErrorCodes() {}

  static String of(BackendFailure failure) {
    return failure.reason() == ErrorReason.ERROR_REASON_UNSPECIFIED
        ? pascal(failure.transportCode().name())
        : pascal(failure.reason().name());
  }

  static String pascal(String upperSnake) {
    StringBuilder out = new StringBuilder();
    for (String word : upperSnake.toLowerCase(Locale.ROOT).split("_")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
      }
    }
    return out.toString();
  }
}
