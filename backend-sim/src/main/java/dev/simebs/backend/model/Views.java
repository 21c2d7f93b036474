package dev.simebs.backend.model;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.files.DataDir;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Adds what is derived rather than stored: backing-file paths, a volume's attachments, and
 * whether a simulated rule holds an attachment's transition.
 *
 * @param held whether a stuck-attachment rule holds (volume ID, node ID) in its transition
 */
public record Views(DataDir dataDir, BiPredicate<String, String> held) {

  public Volume volume(Volume stored, List<Attachment> attachments) {
    Volume.Builder builder = stored.toBuilder()
        .clearAttachments()
        .setBackingFile(dataDir.volumeFile(stored.getVolumeId()).toString());
    attachments.forEach(a -> builder.addAttachments(attachment(a)));
    return builder.build();
  }

  public Attachment attachment(Attachment stored) {
    boolean inTransition = stored.getState() == AttachmentState.ATTACHING
        || stored.getState() == AttachmentState.DETACHING;
    return stored.toBuilder()
        .setBackingFile(dataDir.volumeFile(stored.getVolumeId()).toString())
        .setHeld(inTransition && held.test(stored.getVolumeId(), stored.getNodeId()))
        .build();
  }
}
