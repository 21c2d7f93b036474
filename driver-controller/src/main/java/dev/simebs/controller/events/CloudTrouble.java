package dev.simebs.controller.events;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.controller.backend.CloudExchange;
import dev.simebs.controller.backend.CloudListener;
import dev.simebs.controller.backend.CloudSubjects;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns what the cloud answers into the volume events a user should see: a request about a volume
 * that was throttled, an attachment still attaching after {@code stuckAfter}, a volume the cloud
 * reports impaired or in error, a modification the cloud refused or failed.
 */
public final class CloudTrouble implements CloudListener {

  /** How long an attachment may stay ATTACHING before it is reported stuck, unless told otherwise. */
  public static final Duration DEFAULT_STUCK_AFTER = Duration.ofSeconds(30);

  private final EventSink sink;
  private final Clock clock;
  private final Duration stuckAfter;

  public CloudTrouble(EventSink sink, Clock clock, Duration stuckAfter) {
    this.sink = sink;
    this.clock = clock;
    this.stuckAfter = stuckAfter;
  }

  @Override
  public void heard(CloudExchange exchange) {
    exchange.failure().ifPresent(failure -> failed(exchange, failure));
    exchange.answer().ifPresent(answer -> {
      CloudSubjects.volumesIn(answer).forEach(this::health);
      CloudSubjects.attachmentsIn(answer).forEach(this::progress);
      CloudSubjects.modificationsIn(answer).forEach(this::outcome);
    });
  }

  private void failed(CloudExchange exchange, BackendFailure failure) {
    CloudSubjects.volumeOf(exchange.sent()).ifPresent(volumeId -> {
      if (failure.is(ErrorReason.REQUEST_LIMIT_EXCEEDED)) {
        sink.record(VolumeEvent.warning(volumeId, "Throttled",
            "the cloud throttled " + exchange.request() + " (RequestLimitExceeded); the driver retries with backoff"));
      } else if (exchange.sent() instanceof ModifyVolumeRequest && isRefusal(failure)) {
        sink.record(VolumeEvent.warning(volumeId, "ModificationRejected",
            "the cloud refused to modify the volume: " + failure.getMessage()));
      }
    });
  }

  /** A refusal by the cloud's rules, as opposed to a transport failure or a throttle. */
  private static boolean isRefusal(BackendFailure failure) {
    return failure.reason() != ErrorReason.ERROR_REASON_UNSPECIFIED
        && failure.reason() != ErrorReason.REQUEST_LIMIT_EXCEEDED
        && failure.reason() != ErrorReason.SERVICE_UNAVAILABLE;
  }

  private void health(Volume volume) {
    String why = volume.getImpairedReason().isEmpty() ? "" : ": " + volume.getImpairedReason();
    if (volume.getState() == VolumeState.ERROR) {
      sink.record(VolumeEvent.warning(volume.getVolumeId(), "VolumeError",
          "the cloud reports the volume in state ERROR" + why + "; its data cannot be served"));
    } else if (volume.getImpaired()) {
      sink.record(VolumeEvent.warning(volume.getVolumeId(), "VolumeImpaired",
          "the cloud reports the volume impaired" + why));
    }
  }

  private void progress(Attachment attachment) {
    if (attachment.getState() != AttachmentState.ATTACHING || !attachment.hasAttachTime()) {
      return;
    }
    Instant since = Instant.ofEpochSecond(attachment.getAttachTime().getSeconds(), attachment.getAttachTime().getNanos());
    Duration waiting = Duration.between(since, clock.instant());
    if (waiting.compareTo(stuckAfter) >= 0) {
      sink.record(VolumeEvent.warning(attachment.getVolumeId(), "StuckAttaching",
          "the volume has been attaching to node " + attachment.getNodeId() + " for " + waiting.toSeconds() + " s"));
    }
  }

  private void outcome(VolumeModification modification) {
    if (modification.getState() == ModificationState.MODIFICATION_FAILED) {
      sink.record(VolumeEvent.warning(modification.getVolumeId(), "ModificationRejected",
          "the cloud failed to modify the volume: " + modification.getStatusMessage()));
    }
  }
}
