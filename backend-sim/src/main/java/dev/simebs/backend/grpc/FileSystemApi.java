package dev.simebs.backend.grpc;

import dev.simebs.backend.accesspoints.AccessPointService;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreateAccessPointResponse;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.CreateFileSystemResponse;
import dev.simebs.backend.api.DeleteAccessPointRequest;
import dev.simebs.backend.api.DeleteAccessPointResponse;
import dev.simebs.backend.api.DeleteFileSystemRequest;
import dev.simebs.backend.api.DeleteFileSystemResponse;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeAccessPointsResponse;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.DescribeFileSystemsResponse;
import dev.simebs.backend.api.DescribeMountTargetsRequest;
import dev.simebs.backend.api.DescribeMountTargetsResponse;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.MountResponse;
import dev.simebs.backend.filesystems.FileSystemService;
import dev.simebs.backend.filesystems.MountService;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.common.grpc.Rpc;
import io.grpc.stub.StreamObserver;

/**
 * The FileSystems gRPC service: every call passes the simulation's throttles and faults (a rule's
 * volume_id matches the call's file system or access point), then one domain method answers it.
 */
public final class FileSystemApi extends FileSystemsGrpc.FileSystemsImplBase {

  private final FileSystemService fileSystems;
  private final AccessPointService accessPoints;
  private final MountService mounts;
  private final Simulation simulation;

  public FileSystemApi(FileSystemService fileSystems, AccessPointService accessPoints,
      MountService mounts, Simulation simulation) {
    this.fileSystems = fileSystems;
    this.accessPoints = accessPoints;
    this.mounts = mounts;
    this.simulation = simulation;
  }

  @Override
  public void createFileSystem(CreateFileSystemRequest r,
      StreamObserver<CreateFileSystemResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("CreateFileSystem", "", "");
      return CreateFileSystemResponse.newBuilder().setFileSystem(fileSystems.create(r)).build();
    });
  }

  @Override
  public void deleteFileSystem(DeleteFileSystemRequest r,
      StreamObserver<DeleteFileSystemResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DeleteFileSystem", r.getFileSystemId(), "");
      fileSystems.delete(r.getFileSystemId());
      return DeleteFileSystemResponse.getDefaultInstance();
    });
  }

  @Override
  public void describeFileSystems(DescribeFileSystemsRequest r,
      StreamObserver<DescribeFileSystemsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeFileSystems",
          r.getFileSystemIdsCount() == 1 ? r.getFileSystemIds(0) : "", "");
      return fileSystems.describe(r);
    });
  }

  @Override
  public void describeMountTargets(DescribeMountTargetsRequest r,
      StreamObserver<DescribeMountTargetsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeMountTargets", r.getFileSystemId(), "");
      return DescribeMountTargetsResponse.newBuilder()
          .addAllMountTargets(fileSystems.mountTargets(r.getFileSystemId())).build();
    });
  }

  @Override
  public void createAccessPoint(CreateAccessPointRequest r,
      StreamObserver<CreateAccessPointResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("CreateAccessPoint", r.getFileSystemId(), "");
      return CreateAccessPointResponse.newBuilder().setAccessPoint(accessPoints.create(r)).build();
    });
  }

  @Override
  public void deleteAccessPoint(DeleteAccessPointRequest r,
      StreamObserver<DeleteAccessPointResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DeleteAccessPoint", r.getAccessPointId(), "");
      accessPoints.delete(r.getAccessPointId());
      return DeleteAccessPointResponse.getDefaultInstance();
    });
  }

  @Override
  public void describeAccessPoints(DescribeAccessPointsRequest r,
      StreamObserver<DescribeAccessPointsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeAccessPoints", r.getFileSystemId(), "");
      return accessPoints.describe(r);
    });
  }

  @Override
  public void mount(MountRequest r, StreamObserver<MountResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("Mount", r.getFileSystemId(), r.getNodeId());
      return mounts.mount(r);
    });
  }
}
