package dev.simebs.efs.controller.cloud;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.DeleteAccessPointRequest;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeAccessPointsResponse;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.FileSystemsGrpc.FileSystemsBlockingStub;
import dev.simebs.backend.api.Filter;
import dev.simebs.common.backend.BackendCalls;
import dev.simebs.common.backend.BackendFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file-system operations the EFS controller uses, in its own terms: lookups answer Optional
 * instead of failing with NOT_FOUND, listings follow the backend's pages to the end. Every call
 * goes through {@link BackendCalls} (deadline, retries, {@link BackendFailure}).
 */
public final class FileSystemCloud {

  private final BackendCalls<FileSystemsBlockingStub> calls;

  public FileSystemCloud(BackendCalls<FileSystemsBlockingStub> calls) {
    this.calls = calls;
  }

  public Optional<FileSystem> findFileSystem(String fileSystemId) {
    try {
      return calls.call("DescribeFileSystems", stub -> stub.describeFileSystems(
              DescribeFileSystemsRequest.newBuilder().addFileSystemIds(fileSystemId).build()))
          .getFileSystemsList().stream().findFirst();
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.FILE_SYSTEM_NOT_FOUND)) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** True when the backend answers file-system calls at all. */
  public void probe() {
    calls.call("DescribeFileSystems", stub -> stub.describeFileSystems(
        DescribeFileSystemsRequest.newBuilder().setMaxResults(1).build()));
  }

  public AccessPoint createAccessPoint(CreateAccessPointRequest request) {
    return calls.call("CreateAccessPoint", stub -> stub.createAccessPoint(request))
        .getAccessPoint();
  }

  public Optional<AccessPoint> findAccessPoint(String accessPointId) {
    try {
      return describe(DescribeAccessPointsRequest.newBuilder().addAccessPointIds(accessPointId)
          .build()).stream().findFirst();
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.ACCESS_POINT_NOT_FOUND)) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** The access point created with an idempotency token, if any. */
  public Optional<AccessPoint> findAccessPointByClientToken(String clientToken) {
    return describe(DescribeAccessPointsRequest.newBuilder()
            .addFilters(Filter.newBuilder().setName("client-token").addValues(clientToken))
            .build())
        .stream()
        .filter(ap -> ap.getClientToken().equals(clientToken))
        .findFirst();
  }

  /** Every access point of a file system. */
  public List<AccessPoint> accessPointsOf(String fileSystemId) {
    return describe(DescribeAccessPointsRequest.newBuilder().setFileSystemId(fileSystemId)
        .build());
  }

  /** Deletes an access point; false when it did not exist. */
  public boolean deleteAccessPoint(String accessPointId) {
    try {
      calls.call("DeleteAccessPoint", stub -> stub.deleteAccessPoint(
          DeleteAccessPointRequest.newBuilder().setAccessPointId(accessPointId).build()));
      return true;
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.ACCESS_POINT_NOT_FOUND)) {
        return false;
      }
      throw failure;
    }
  }

  private List<AccessPoint> describe(DescribeAccessPointsRequest request) {
    List<AccessPoint> found = new ArrayList<>();
    String token = "";
    do {
      DescribeAccessPointsRequest page = request.toBuilder().setNextToken(token).build();
      DescribeAccessPointsResponse response =
          calls.call("DescribeAccessPoints", stub -> stub.describeAccessPoints(page));
      found.addAll(response.getAccessPointsList());
      token = response.getNextToken();
    } while (!token.isEmpty());
    return found;
  }
}
