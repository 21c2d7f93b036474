package dev.simebs.ec2.actions;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import java.util.Locale;

/** How backend enums are spelled in EC2 (and back). */
public final class Ec2Names {

  /** The account every SimEBS object belongs to, as EC2's {@code ownerId}. */
  public static final String ACCOUNT_ID = "000000000000";

  private Ec2Names() {}

  public static String volumeType(VolumeType type) {
    return type == VolumeType.VOLUME_TYPE_UNSPECIFIED
        ? "gp3" : type.name().toLowerCase(Locale.ROOT);
  }

  /** {@code gp3} → GP3; anything else EC2 does not know here is InvalidParameterValue. */
  public static VolumeType volumeType(String name, String parameter) {
    return switch (name) {
      case "gp2" -> VolumeType.GP2;
      case "gp3" -> VolumeType.GP3;
      case "io1" -> VolumeType.IO1;
      case "io2" -> VolumeType.IO2;
      case "st1" -> VolumeType.ST1;
      case "sc1" -> VolumeType.SC1;
      default -> throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "Value (%s) for parameter %s is invalid. Valid types: gp2, gp3, io1, io2, st1, sc1",
          name, parameter);
    };
  }

  public static String volumeState(VolumeState state) {
    return switch (state) {
      case CREATING -> "creating";
      case AVAILABLE -> "available";
      case IN_USE -> "in-use";
      case DELETING -> "deleting";
      case ERROR, VOLUME_STATE_UNSPECIFIED, UNRECOGNIZED -> "error";
    };
  }

  /** An attachment's state; a detach that a simulated rule holds is "busy", as in EC2. */
  public static String attachmentState(Attachment attachment) {
    if (attachment.getState() == AttachmentState.DETACHING && attachment.getHeld()) {
      return "busy";
    }
    return attachmentState(attachment.getState());
  }

  private static String attachmentState(AttachmentState state) {
    return switch (state) {
      case ATTACHING -> "attaching";
      case ATTACHED -> "attached";
      case DETACHING -> "detaching";
      case DETACHED, ATTACHMENT_STATE_UNSPECIFIED, UNRECOGNIZED -> "detached";
    };
  }

  public static String snapshotState(SnapshotState state) {
    return switch (state) {
      case PENDING -> "pending";
      case COMPLETED -> "completed";
      case SNAPSHOT_ERROR, SNAPSHOT_STATE_UNSPECIFIED, UNRECOGNIZED -> "error";
    };
  }

  public static String modificationState(ModificationState state) {
    return switch (state) {
      case MODIFYING -> "modifying";
      case OPTIMIZING -> "optimizing";
      case MODIFICATION_COMPLETED -> "completed";
      case MODIFICATION_FAILED, MODIFICATION_STATE_UNSPECIFIED, UNRECOGNIZED -> "failed";
    };
  }
}
