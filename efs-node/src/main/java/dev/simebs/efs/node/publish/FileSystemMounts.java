package dev.simebs.efs.node.publish;

import dev.simebs.backend.api.FileSystemsGrpc.FileSystemsBlockingStub;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.MountResponse;
import dev.simebs.common.backend.BackendCalls;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.efs.node.fuse.FuseSession;
import java.util.Optional;

/**
 * The node's side of the backend's Mount call: through the mount target of the node's zone, it
 * learns the directory a volume shows and the identity its access point imposes (and the first
 * mount makes the access point's root directory).
 */
public final class FileSystemMounts {

  /** What a mount shows and as whom. */
  public record Answer(String rootPath, Optional<FuseSession.Identity> identity) {}

  private final BackendCalls<FileSystemsBlockingStub> calls;
  private final String nodeId;
  private final String zone;

  public FileSystemMounts(BackendCalls<FileSystemsBlockingStub> calls, String nodeId, String zone) {
    this.calls = calls;
    this.nodeId = nodeId;
    this.zone = zone;
  }

  public Answer mount(VolumeHandle handle) {
    MountResponse response = calls.call("Mount", stub -> stub.mount(MountRequest.newBuilder()
        .setFileSystemId(handle.fileSystemId())
        .setAccessPointId(handle.accessPointId().orElse(""))
        .setZone(zone)
        .setNodeId(nodeId)
        .build()));
    Optional<FuseSession.Identity> identity = response.hasPosixUser()
        ? Optional.of(new FuseSession.Identity(response.getPosixUser().getUid(),
            response.getPosixUser().getGid(), response.getPosixUser().getSecondaryGidsList()))
        : Optional.empty();
    return new Answer(response.getRootPath(), identity);
  }
}
