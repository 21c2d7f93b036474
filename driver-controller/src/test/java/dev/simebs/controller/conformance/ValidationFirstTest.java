package dev.simebs.controller.conformance;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.GIB;
import static dev.simebs.controller.ControllerHarness.block;
import static dev.simebs.controller.ControllerHarness.singleWriterMount;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerGrpc.ControllerBlockingStub;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.GetCapacityRequest;
import csi.v1.GetSnapshotRequest;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListVolumesRequest;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCapability;
import csi.v1.VolumeContentSource;
import io.grpc.Status;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one validation rule: every Controller RPC checks all its required fields, for presence and
 * form, before any lookup or backend call. Each case leaves out (or spoils) one required field and
 * points every other ID at nothing, as csi-sanity does ("fake-vol-id-…"), while every backend call
 * fails: only a request validated first answers INVALID_ARGUMENT; one that looked anything up
 * first answers NOT_FOUND (a fake ID) or INTERNAL (the failing backend).
 */
class ValidationFirstTest extends ConformanceTest {

  private static final String FAKE_VOLUME = "fake-vol-id-874b5051-e";
  private static final String WELL_FORMED_VOLUME = "vol-0000000000000000a";
  private static final String FAKE_SNAPSHOT = "fake-snap-id-12ab";
  private static final String FAKE_NODE = "fake-node-id";

  @BeforeEach
  void everyBackendCallFails() {
    h.failEveryBackendCall();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestsMissingARequiredField")
  void isInvalidArgumentBeforeAnyLookup(Consumer<ControllerBlockingStub> call, String field) {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> call.accept(h.controller())).contains(field);
  }

  static Stream<Arguments> requestsMissingARequiredField() {
    return Stream.of(
        // CreateVolume
        rpc("CreateVolume without name",
            c -> c.createVolume(createVolume().clearName().build()), "name"),
        rpc("CreateVolume without volume_capabilities",
            c -> c.createVolume(createVolume().clearVolumeCapabilities().build()), "volume_capabilities"),
        rpc("CreateVolume with a capability without access_type",
            c -> c.createVolume(createVolume().setVolumeCapabilities(0, noAccessType()).build()), "access_type"),
        rpc("CreateVolume with a capability without access_mode",
            c -> c.createVolume(createVolume().setVolumeCapabilities(0, noAccessMode()).build()), "access_mode"),
        rpc("CreateVolume with negative capacity_range",
            c -> c.createVolume(createVolume().setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(-1)).build()),
            "capacity_range"),
        rpc("CreateVolume from a snapshot without snapshot_id",
            c -> c.createVolume(createVolume().setVolumeContentSource(snapshotSource("")).build()), "snapshot_id"),
        rpc("CreateVolume from a volume without volume_id",
            c -> c.createVolume(createVolume().setVolumeContentSource(volumeSource("")).build()), "volume_id"),
        rpc("CreateVolume with an unknown parameter",
            c -> c.createVolume(createVolume().putParameters("colour", "blue").build()), "colour"),
        rpc("CreateVolume with an unknown mutable parameter",
            c -> c.createVolume(createVolume().putMutableParams("XXX_FakeKey", "x").build()), "XXX_FakeKey"),
        // DeleteVolume
        rpc("DeleteVolume without volume_id",
            c -> c.deleteVolume(DeleteVolumeRequest.getDefaultInstance()), "volume_id"),
        // ControllerPublishVolume
        rpc("ControllerPublishVolume without volume_id",
            c -> c.controllerPublishVolume(publish().clearVolumeId().build()), "volume_id"),
        rpc("ControllerPublishVolume without node_id",
            c -> c.controllerPublishVolume(publish().clearNodeId().build()), "node_id"),
        rpc("ControllerPublishVolume without volume_capability",
            c -> c.controllerPublishVolume(publish().clearVolumeCapability().build()), "volume_capability"),
        rpc("ControllerPublishVolume with a capability without access_mode",
            c -> c.controllerPublishVolume(publish().setVolumeCapability(noAccessMode()).build()), "access_mode"),
        rpc("ControllerPublishVolume of a well-formed volume ID without node_id",
            c -> c.controllerPublishVolume(publish().setVolumeId(WELL_FORMED_VOLUME).clearNodeId().build()), "node_id"),
        // ControllerUnpublishVolume
        rpc("ControllerUnpublishVolume without volume_id",
            c -> c.controllerUnpublishVolume(ControllerUnpublishVolumeRequest.newBuilder().setNodeId(FAKE_NODE).build()),
            "volume_id"),
        // ValidateVolumeCapabilities
        rpc("ValidateVolumeCapabilities without volume_id",
            c -> c.validateVolumeCapabilities(validate().clearVolumeId().build()), "volume_id"),
        rpc("ValidateVolumeCapabilities without volume_capabilities",
            c -> c.validateVolumeCapabilities(validate().clearVolumeCapabilities().build()), "volume_capabilities"),
        rpc("ValidateVolumeCapabilities with a capability without access_type",
            c -> c.validateVolumeCapabilities(validate().setVolumeCapabilities(0, noAccessType()).build()), "access_type"),
        // ListVolumes
        rpc("ListVolumes with negative max_entries",
            c -> c.listVolumes(ListVolumesRequest.newBuilder().setMaxEntries(-1).setStartingToken("fake-token").build()),
            "max_entries"),
        // GetCapacity
        rpc("GetCapacity with a capability without access_mode",
            c -> c.getCapacity(GetCapacityRequest.newBuilder().addVolumeCapabilities(noAccessMode()).build()),
            "access_mode"),
        rpc("GetCapacity with an unknown parameter",
            c -> c.getCapacity(GetCapacityRequest.newBuilder().putParameters("colour", "blue").build()), "colour"),
        // CreateSnapshot
        rpc("CreateSnapshot without name",
            c -> c.createSnapshot(CreateSnapshotRequest.newBuilder().setSourceVolumeId(FAKE_VOLUME).build()), "name"),
        rpc("CreateSnapshot without source_volume_id",
            c -> c.createSnapshot(CreateSnapshotRequest.newBuilder().setName("snap-1").build()), "source_volume_id"),
        rpc("CreateSnapshot with an unknown parameter",
            c -> c.createSnapshot(
                CreateSnapshotRequest.newBuilder()
                    .setName("snap-1")
                    .setSourceVolumeId(FAKE_VOLUME)
                    .putParameters("colour", "blue")
                    .build()),
            "colour"),
        // DeleteSnapshot, ListSnapshots, GetSnapshot
        rpc("DeleteSnapshot without snapshot_id",
            c -> c.deleteSnapshot(DeleteSnapshotRequest.getDefaultInstance()), "snapshot_id"),
        rpc("ListSnapshots with negative max_entries",
            c -> c.listSnapshots(
                ListSnapshotsRequest.newBuilder().setSnapshotId(FAKE_SNAPSHOT).setMaxEntries(-1).build()),
            "max_entries"),
        rpc("GetSnapshot without snapshot_id",
            c -> c.getSnapshot(GetSnapshotRequest.getDefaultInstance()), "snapshot_id"),
        // ControllerExpandVolume
        rpc("ControllerExpandVolume without volume_id",
            c -> c.controllerExpandVolume(expand().clearVolumeId().build()), "volume_id"),
        rpc("ControllerExpandVolume without capacity_range",
            c -> c.controllerExpandVolume(expand().clearCapacityRange().build()), "capacity_range"),
        rpc("ControllerExpandVolume with an empty capacity_range",
            c -> c.controllerExpandVolume(expand().setCapacityRange(CapacityRange.getDefaultInstance()).build()),
            "capacity_range"),
        rpc("ControllerExpandVolume with a capability without access_type",
            c -> c.controllerExpandVolume(expand().setVolumeCapability(noAccessType()).build()), "access_type"),
        // ControllerGetVolume
        rpc("ControllerGetVolume without volume_id",
            c -> c.controllerGetVolume(ControllerGetVolumeRequest.getDefaultInstance()), "volume_id"),
        // ControllerModifyVolume
        rpc("ControllerModifyVolume without volume_id",
            c -> c.controllerModifyVolume(
                ControllerModifyVolumeRequest.newBuilder().putMutableParameters("iops", "4000").build()),
            "volume_id"),
        rpc("ControllerModifyVolume with an unknown mutable parameter",
            c -> c.controllerModifyVolume(
                ControllerModifyVolumeRequest.newBuilder()
                    .setVolumeId(FAKE_VOLUME)
                    .putMutableParameters("XXX_FakeKey", "XXX_FakeValue")
                    .build()),
            "XXX_FakeKey"));
  }

  private static Arguments rpc(String name, Consumer<ControllerBlockingStub> call, String field) {
    return Arguments.of(Named.of(name, call), field);
  }

  private static CreateVolumeRequest.Builder createVolume() {
    return CreateVolumeRequest.newBuilder()
        .setName("pvc-1")
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
        .addVolumeCapabilities(singleWriterMount())
        .setVolumeContentSource(volumeSource(FAKE_VOLUME));
  }

  private static ControllerPublishVolumeRequest.Builder publish() {
    return ControllerPublishVolumeRequest.newBuilder()
        .setVolumeId(FAKE_VOLUME)
        .setNodeId(FAKE_NODE)
        .setVolumeCapability(singleWriterMount());
  }

  private static ValidateVolumeCapabilitiesRequest.Builder validate() {
    return ValidateVolumeCapabilitiesRequest.newBuilder()
        .setVolumeId(FAKE_VOLUME)
        .addVolumeCapabilities(block(Mode.SINGLE_NODE_WRITER));
  }

  private static ControllerExpandVolumeRequest.Builder expand() {
    return ControllerExpandVolumeRequest.newBuilder()
        .setVolumeId(FAKE_VOLUME)
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(2 * GIB));
  }

  private static VolumeCapability noAccessType() {
    return singleWriterMount().toBuilder().clearAccessType().build();
  }

  private static VolumeCapability noAccessMode() {
    return singleWriterMount().toBuilder().clearAccessMode().build();
  }

  private static VolumeContentSource snapshotSource(String snapshotId) {
    return VolumeContentSource.newBuilder()
        .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId))
        .build();
  }

  private static VolumeContentSource volumeSource(String volumeId) {
    return VolumeContentSource.newBuilder()
        .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(volumeId))
        .build();
  }
}
