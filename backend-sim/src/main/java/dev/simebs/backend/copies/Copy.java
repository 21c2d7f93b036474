package dev.simebs.backend.copies;

import dev.simebs.backend.files.CopyMethod;

/**
 * An image being filled in the background: a snapshot from its volume, or a volume from a
 * snapshot (restore) or from another volume (clone).
 *
 * @param targetId the snapshot or volume being filled
 * @param sourceId the volume or snapshot it is filled from
 * @param sizeGib the size the target's file must have
 * @param startedAt epoch millis of the request
 */
public record Copy(String targetId, String sourceId, CopyMethod method, long sizeGib,
    long startedAt) {}
