package dev.simebs.controller.backend;

import com.google.protobuf.Message;
import dev.simebs.common.backend.BackendFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * One backend call as the controller made it: the request name ("AttachVolume"), what was sent,
 * what came back or how it failed, and how long it took. Each retry is an exchange of its own.
 */
public record CloudExchange(
    String request, Message sent, Optional<Message> answer, Optional<BackendFailure> failure, Duration took) {

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
