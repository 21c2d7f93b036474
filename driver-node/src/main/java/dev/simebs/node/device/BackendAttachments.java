package dev.simebs.node.device;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Asks backend-sim (DescribeAttachments) where a volume is attached. */
public final class BackendAttachments implements Attachments {

  private static final long DEADLINE_SECONDS = 5;

  private final BackendGrpc.BackendBlockingStub backend;

  public BackendAttachments(BackendGrpc.BackendBlockingStub backend) {
    this.backend = backend;
  }

  @Override
  public Set<String> nodesOf(String volumeId) throws AttachmentsUnknownException {
    try {
      return backend
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .describeAttachments(DescribeAttachmentsRequest.newBuilder().setVolumeId(volumeId).build())
          .getAttachmentsList()
          .stream()
          .filter(attachment -> attachment.getState() != AttachmentState.DETACHED)
          .map(Attachment::getNodeId)
          .collect(Collectors.toUnmodifiableSet());
    } catch (StatusRuntimeException e) {
      throw new AttachmentsUnknownException(volumeId, e.getStatus().toString());
    }
  }
}
