package dev.simebs.backend.model;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.files.DataDir;
import java.util.List;

/** Adds what is derived rather than stored: backing-file paths and a volume's attachments. */
public record Views(DataDir dataDir) {

  public Volume volume(Volume stored, List<Attachment> attachments) {
    Volume.Builder builder = stored.toBuilder()
        .clearAttachments()
        .setBackingFile(dataDir.volumeFile(stored.getVolumeId()).toString());
    attachments.forEach(a -> builder.addAttachments(attachment(a)));
    return builder.build();
  }

  public Attachment attachment(Attachment stored) {
    return stored.toBuilder()
        .setBackingFile(dataDir.volumeFile(stored.getVolumeId()).toString())
        .build();
  }
}
