package dev.simebs.backend.grpc;

import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.AttachVolumeResponse;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateSnapshotResponse;
import dev.simebs.backend.api.CreateTagsRequest;
import dev.simebs.backend.api.CreateTagsResponse;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.CreateVolumeResponse;
import dev.simebs.backend.api.DeleteSnapshotRequest;
import dev.simebs.backend.api.DeleteSnapshotResponse;
import dev.simebs.backend.api.DeleteTagsRequest;
import dev.simebs.backend.api.DeleteTagsResponse;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DeleteVolumeResponse;
import dev.simebs.backend.api.DeregisterNodeRequest;
import dev.simebs.backend.api.DeregisterNodeResponse;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeAttachmentsResponse;
import dev.simebs.backend.api.DescribeNodesRequest;
import dev.simebs.backend.api.DescribeNodesResponse;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.DescribeVolumeModificationsRequest;
import dev.simebs.backend.api.DescribeVolumeModificationsResponse;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.DescribeZonesResponse;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.DetachVolumeResponse;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.ModifyVolumeResponse;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.backend.api.RegisterNodeResponse;
import dev.simebs.backend.attachments.AttachmentService;
import dev.simebs.backend.modifications.ModificationService;
import dev.simebs.backend.nodes.NodeRegistrationService;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.snapshots.SnapshotService;
import dev.simebs.backend.tags.TagService;
import dev.simebs.backend.volumes.VolumeService;
import dev.simebs.backend.zones.ZoneService;
import dev.simebs.common.grpc.Rpc;
import io.grpc.stub.StreamObserver;

/**
 * The Backend gRPC service: every call passes the simulation's throttles and faults, then one
 * domain method answers it.
 */
public final class BackendService extends BackendGrpc.BackendImplBase {

  /** The domain services this gRPC service delegates to. */
  public record Domain(VolumeService volumes, ModificationService modifications,
      AttachmentService attachments, SnapshotService snapshots, TagService tags,
      ZoneService zones, NodeRegistrationService nodes) {}

  private final Domain domain;
  private final Simulation simulation;

  public BackendService(Domain domain, Simulation simulation) {
    this.domain = domain;
    this.simulation = simulation;
  }

  @Override
  public void createVolume(CreateVolumeRequest r, StreamObserver<CreateVolumeResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("CreateVolume", r.getSourceVolumeId(), "");
      return CreateVolumeResponse.newBuilder().setVolume(domain.volumes().create(r)).build();
    });
  }

  @Override
  public void deleteVolume(DeleteVolumeRequest r, StreamObserver<DeleteVolumeResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DeleteVolume", r.getVolumeId(), "");
      domain.volumes().delete(r.getVolumeId());
      return DeleteVolumeResponse.getDefaultInstance();
    });
  }

  @Override
  public void describeVolumes(DescribeVolumesRequest r, StreamObserver<DescribeVolumesResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeVolumes", r.getVolumeIdsCount() == 1 ? r.getVolumeIds(0) : "", "");
      return domain.volumes().describe(r);
    });
  }

  @Override
  public void modifyVolume(ModifyVolumeRequest r, StreamObserver<ModifyVolumeResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("ModifyVolume", r.getVolumeId(), "");
      return ModifyVolumeResponse.newBuilder()
          .setModification(domain.modifications().modify(r)).build();
    });
  }

  @Override
  public void describeVolumeModifications(DescribeVolumeModificationsRequest r,
      StreamObserver<DescribeVolumeModificationsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeVolumeModifications", "", "");
      return DescribeVolumeModificationsResponse.newBuilder()
          .addAllModifications(domain.modifications().describe(r.getVolumeIdsList())).build();
    });
  }

  @Override
  public void attachVolume(AttachVolumeRequest r, StreamObserver<AttachVolumeResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("AttachVolume", r.getVolumeId(), r.getNodeId());
      return AttachVolumeResponse.newBuilder()
          .setAttachment(domain.attachments().attach(r.getVolumeId(), r.getNodeId(), r.getVolumeTagsList()))
          .build();
    });
  }

  @Override
  public void detachVolume(DetachVolumeRequest r, StreamObserver<DetachVolumeResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DetachVolume", r.getVolumeId(), r.getNodeId());
      return DetachVolumeResponse.newBuilder()
          .setAttachment(domain.attachments().detach(
              r.getVolumeId(), r.getNodeId(), r.getForce(), r.getRemoveVolumeTagsList()))
          .build();
    });
  }

  @Override
  public void describeAttachments(DescribeAttachmentsRequest r,
      StreamObserver<DescribeAttachmentsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeAttachments", r.getVolumeId(), r.getNodeId());
      return DescribeAttachmentsResponse.newBuilder()
          .addAllAttachments(domain.attachments().describe(r.getVolumeId(), r.getNodeId()))
          .build();
    });
  }

  @Override
  public void createSnapshot(CreateSnapshotRequest r, StreamObserver<CreateSnapshotResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("CreateSnapshot", r.getVolumeId(), "");
      return CreateSnapshotResponse.newBuilder().setSnapshot(domain.snapshots().create(r)).build();
    });
  }

  @Override
  public void deleteSnapshot(DeleteSnapshotRequest r, StreamObserver<DeleteSnapshotResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DeleteSnapshot", "", "");
      domain.snapshots().delete(r.getSnapshotId());
      return DeleteSnapshotResponse.getDefaultInstance();
    });
  }

  @Override
  public void describeSnapshots(DescribeSnapshotsRequest r,
      StreamObserver<DescribeSnapshotsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeSnapshots", r.getVolumeId(), "");
      return domain.snapshots().describe(r);
    });
  }

  @Override
  public void createTags(CreateTagsRequest r, StreamObserver<CreateTagsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("CreateTags", r.getResourceId(), "");
      domain.tags().create(r.getResourceId(), r.getTagsList());
      return CreateTagsResponse.getDefaultInstance();
    });
  }

  @Override
  public void deleteTags(DeleteTagsRequest r, StreamObserver<DeleteTagsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DeleteTags", r.getResourceId(), "");
      domain.tags().delete(r.getResourceId(), r.getKeysList());
      return DeleteTagsResponse.getDefaultInstance();
    });
  }

  @Override
  public void describeZones(DescribeZonesRequest r, StreamObserver<DescribeZonesResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeZones", "", "");
      return DescribeZonesResponse.newBuilder().addAllZones(domain.zones().describe()).build();
    });
  }

  @Override
  public void registerNode(RegisterNodeRequest r, StreamObserver<RegisterNodeResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("RegisterNode", "", r.getNodeId());
      return RegisterNodeResponse.newBuilder()
          .setNode(domain.nodes().register(r.getNodeId(), r.getZone(), r.getAttachmentLimit()))
          .build();
    });
  }

  @Override
  public void describeNodes(DescribeNodesRequest r, StreamObserver<DescribeNodesResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DescribeNodes", "", r.getNodeIdsCount() == 1 ? r.getNodeIds(0) : "");
      return DescribeNodesResponse.newBuilder()
          .addAllNodes(domain.nodes().describe(r.getNodeIdsList())).build();
    });
  }

  @Override
  public void deregisterNode(DeregisterNodeRequest r, StreamObserver<DeregisterNodeResponse> o) {
    Rpc.answer(o, () -> {
      simulation.admit("DeregisterNode", "", r.getNodeId());
      domain.nodes().deregister(r.getNodeId());
      return DeregisterNodeResponse.getDefaultInstance();
    });
  }
}
