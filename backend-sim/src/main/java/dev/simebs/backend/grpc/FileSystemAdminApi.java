package dev.simebs.backend.grpc;

import dev.simebs.backend.api.FileSystemAdminGrpc;
import dev.simebs.backend.api.SetMountTargetAvailableRequest;
import dev.simebs.backend.api.SetMountTargetAvailableResponse;
import dev.simebs.backend.filesystems.FileSystemService;
import dev.simebs.common.grpc.Rpc;
import io.grpc.stub.StreamObserver;

/** Admin calls for file systems; like the Admin service, never throttled or faulted itself. */
public final class FileSystemAdminApi extends FileSystemAdminGrpc.FileSystemAdminImplBase {

  private final FileSystemService fileSystems;

  public FileSystemAdminApi(FileSystemService fileSystems) {
    this.fileSystems = fileSystems;
  }

  @Override
  public void setMountTargetAvailable(SetMountTargetAvailableRequest r,
      StreamObserver<SetMountTargetAvailableResponse> o) {
    Rpc.answer(o, () -> SetMountTargetAvailableResponse.newBuilder()
        .setMountTarget(fileSystems.setMountTargetAvailable(r.getFileSystemId(), r.getZone(),
            r.getAvailable()))
        .build());
  }
}
