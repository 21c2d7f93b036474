package dev.simebs.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.Csi;
import csi.v1.GroupControllerGrpc;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import csi.v1.SnapshotMetadataGrpc;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the hand-written csi.proto against facts of CSI spec v1.12.0, read back from the
 * generated Java descriptors (and the gRPC stubs).
 */
class CsiApiTest {

  private static final FileDescriptor FILE = Csi.getDescriptor();

  /** service, rpc, request, response, server-streaming. All 32 RPCs of v1.12.0. */
  static Stream<Arguments> rpcs() {
    return Stream.of(
        rpc("Identity", "GetPluginInfo", "GetPluginInfoRequest", "GetPluginInfoResponse"),
        rpc("Identity", "GetPluginCapabilities",
            "GetPluginCapabilitiesRequest", "GetPluginCapabilitiesResponse"),
        rpc("Identity", "Probe", "ProbeRequest", "ProbeResponse"),
        rpc("Controller", "CreateVolume", "CreateVolumeRequest", "CreateVolumeResponse"),
        rpc("Controller", "DeleteVolume", "DeleteVolumeRequest", "DeleteVolumeResponse"),
        rpc("Controller", "ControllerPublishVolume",
            "ControllerPublishVolumeRequest", "ControllerPublishVolumeResponse"),
        rpc("Controller", "ControllerUnpublishVolume",
            "ControllerUnpublishVolumeRequest", "ControllerUnpublishVolumeResponse"),
        rpc("Controller", "ValidateVolumeCapabilities",
            "ValidateVolumeCapabilitiesRequest", "ValidateVolumeCapabilitiesResponse"),
        rpc("Controller", "ListVolumes", "ListVolumesRequest", "ListVolumesResponse"),
        rpc("Controller", "GetCapacity", "GetCapacityRequest", "GetCapacityResponse"),
        rpc("Controller", "ControllerGetCapabilities",
            "ControllerGetCapabilitiesRequest", "ControllerGetCapabilitiesResponse"),
        rpc("Controller", "CreateSnapshot", "CreateSnapshotRequest", "CreateSnapshotResponse"),
        rpc("Controller", "DeleteSnapshot", "DeleteSnapshotRequest", "DeleteSnapshotResponse"),
        rpc("Controller", "ListSnapshots", "ListSnapshotsRequest", "ListSnapshotsResponse"),
        rpc("Controller", "GetSnapshot", "GetSnapshotRequest", "GetSnapshotResponse"),
        rpc("Controller", "ControllerExpandVolume",
            "ControllerExpandVolumeRequest", "ControllerExpandVolumeResponse"),
        rpc("Controller", "ControllerGetVolume",
            "ControllerGetVolumeRequest", "ControllerGetVolumeResponse"),
        rpc("Controller", "ControllerModifyVolume",
            "ControllerModifyVolumeRequest", "ControllerModifyVolumeResponse"),
        rpc("GroupController", "GroupControllerGetCapabilities",
            "GroupControllerGetCapabilitiesRequest", "GroupControllerGetCapabilitiesResponse"),
        rpc("GroupController", "CreateVolumeGroupSnapshot",
            "CreateVolumeGroupSnapshotRequest", "CreateVolumeGroupSnapshotResponse"),
        rpc("GroupController", "DeleteVolumeGroupSnapshot",
            "DeleteVolumeGroupSnapshotRequest", "DeleteVolumeGroupSnapshotResponse"),
        rpc("GroupController", "GetVolumeGroupSnapshot",
            "GetVolumeGroupSnapshotRequest", "GetVolumeGroupSnapshotResponse"),
        streaming("SnapshotMetadata", "GetMetadataAllocated",
            "GetMetadataAllocatedRequest", "GetMetadataAllocatedResponse"),
        streaming("SnapshotMetadata", "GetMetadataDelta",
            "GetMetadataDeltaRequest", "GetMetadataDeltaResponse"),
        rpc("Node", "NodeStageVolume", "NodeStageVolumeRequest", "NodeStageVolumeResponse"),
        rpc("Node", "NodeUnstageVolume",
            "NodeUnstageVolumeRequest", "NodeUnstageVolumeResponse"),
        rpc("Node", "NodePublishVolume",
            "NodePublishVolumeRequest", "NodePublishVolumeResponse"),
        rpc("Node", "NodeUnpublishVolume",
            "NodeUnpublishVolumeRequest", "NodeUnpublishVolumeResponse"),
        rpc("Node", "NodeGetVolumeStats",
            "NodeGetVolumeStatsRequest", "NodeGetVolumeStatsResponse"),
        rpc("Node", "NodeExpandVolume", "NodeExpandVolumeRequest", "NodeExpandVolumeResponse"),
        rpc("Node", "NodeGetCapabilities",
            "NodeGetCapabilitiesRequest", "NodeGetCapabilitiesResponse"),
        rpc("Node", "NodeGetInfo", "NodeGetInfoRequest", "NodeGetInfoResponse"));
  }

  private static Arguments rpc(String service, String method, String in, String out) {
    return Arguments.of(service, method, in, out, false);
  }

  private static Arguments streaming(String service, String method, String in, String out) {
    return Arguments.of(service, method, in, out, true);
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("rpcs")
  void rpcHasSpecSignature(
      String service, String method, String in, String out, boolean serverStreaming) {
    ServiceDescriptor svc = FILE.findServiceByName(service);
    assertThat(svc).as("service %s", service).isNotNull();
    MethodDescriptor m = svc.findMethodByName(method);
    assertThat(m).as("%s.%s", service, method).isNotNull();
    assertThat(m.getInputType().getFullName()).isEqualTo("csi.v1." + in);
    assertThat(m.getOutputType().getFullName()).isEqualTo("csi.v1." + out);
    assertThat(m.isServerStreaming()).isEqualTo(serverStreaming);
    assertThat(m.isClientStreaming()).isFalse();
  }

  @Test
  void servicesHoldExactlyTheSpecRpcs() {
    Map<String, Integer> expected = Map.of(
        "Identity", 3, "Controller", 15, "GroupController", 4, "SnapshotMetadata", 2, "Node", 8);
    assertThat(FILE.getServices()).extracting(ServiceDescriptor::getName)
        .containsExactly("Identity", "Controller", "GroupController", "SnapshotMetadata", "Node");
    for (ServiceDescriptor svc : FILE.getServices()) {
      assertThat(svc.getMethods()).as(svc.getName()).hasSize(expected.get(svc.getName()));
    }
    int total = FILE.getServices().stream().mapToInt(s -> s.getMethods().size()).sum();
    assertThat(total).isEqualTo(32);
    assertThat(rpcs().count()).isEqualTo(32);
  }

  @Test
  void grpcStubsExposeEveryRpc() {
    assertThat(IdentityGrpc.getServiceDescriptor().getMethods()).hasSize(3);
    assertThat(ControllerGrpc.getServiceDescriptor().getMethods()).hasSize(15);
    assertThat(GroupControllerGrpc.getServiceDescriptor().getMethods()).hasSize(4);
    assertThat(SnapshotMetadataGrpc.getServiceDescriptor().getMethods()).hasSize(2);
    assertThat(NodeGrpc.getServiceDescriptor().getMethods()).hasSize(8);
    assertThat(ControllerGrpc.getControllerModifyVolumeMethod().getFullMethodName())
        .isEqualTo("csi.v1.Controller/ControllerModifyVolume");
    assertThat(NodeGrpc.getNodeStageVolumeMethod().getFullMethodName())
        .isEqualTo("csi.v1.Node/NodeStageVolume");
    assertThat(SnapshotMetadataGrpc.getGetMetadataDeltaMethod().getType())
        .isEqualTo(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING);
  }

  @Test
  void fileHeaderMatchesSpec() {
    assertThat(FILE.getPackage()).isEqualTo("csi.v1");
    assertThat(FILE.getOptions().getGoPackage())
        .isEqualTo("github.com/container-storage-interface/spec/lib/go/csi");
    assertThat(FILE.getDependencies()).extracting(FileDescriptor::getName).containsExactly(
        "google/protobuf/descriptor.proto",
        "google/protobuf/timestamp.proto",
        "google/protobuf/wrappers.proto");
    assertThat(FILE.getMessageTypes()).hasSize(79);
    assertThat(FILE.getEnumTypes()).extracting(EnumDescriptor::getName)
        .containsExactly("BlockMetadataType");
  }

  @Test
  void customOptionExtensionsHaveSpecNumbersAndTargets() {
    assertThat(Csi.csiSecret.getDescriptor().getNumber()).isEqualTo(1059);
    assertThat(Csi.csiSecret.getDescriptor().getContainingType().getFullName())
        .isEqualTo("google.protobuf.FieldOptions");
    assertExtension(Csi.alphaField.getDescriptor(), "google.protobuf.FieldOptions");
    assertExtension(Csi.alphaEnum.getDescriptor(), "google.protobuf.EnumOptions");
    assertExtension(Csi.alphaEnumValue.getDescriptor(), "google.protobuf.EnumValueOptions");
    assertExtension(Csi.alphaMessage.getDescriptor(), "google.protobuf.MessageOptions");
    assertExtension(Csi.alphaMethod.getDescriptor(), "google.protobuf.MethodOptions");
    assertExtension(Csi.alphaService.getDescriptor(), "google.protobuf.ServiceOptions");
    assertThat(FILE.getExtensions()).extracting(FieldDescriptor::getName).containsExactly(
        "alpha_enum", "alpha_enum_value", "csi_secret", "alpha_field",
        "alpha_message", "alpha_method", "alpha_service");
    assertThat(FILE.getExtensions()).allSatisfy(
        e -> assertThat(e.getType()).isEqualTo(FieldDescriptor.Type.BOOL));
  }

  private static void assertExtension(FieldDescriptor ext, String extendee) {
    assertThat(ext.getNumber()).as(ext.getName()).isEqualTo(1060);
    assertThat(ext.getContainingType().getFullName()).as(ext.getName()).isEqualTo(extendee);
  }

  @Test
  void exactlyTheSpecSecretFieldsAreMarkedCsiSecret() {
    Set<String> expected = new TreeSet<>(List.of(
        "CreateVolumeRequest.secrets",
        "DeleteVolumeRequest.secrets",
        "ControllerPublishVolumeRequest.secrets",
        "ControllerUnpublishVolumeRequest.secrets",
        "ValidateVolumeCapabilitiesRequest.secrets",
        "ControllerModifyVolumeRequest.secrets",
        "CreateSnapshotRequest.secrets",
        "DeleteSnapshotRequest.secrets",
        "ListSnapshotsRequest.secrets",
        "GetSnapshotRequest.secrets",
        "ControllerExpandVolumeRequest.secrets",
        "NodeStageVolumeRequest.secrets",
        "NodePublishVolumeRequest.secrets",
        "NodeExpandVolumeRequest.secrets",
        "CreateVolumeGroupSnapshotRequest.secrets",
        "DeleteVolumeGroupSnapshotRequest.secrets",
        "GetVolumeGroupSnapshotRequest.secrets",
        "GetMetadataAllocatedRequest.secrets",
        "GetMetadataDeltaRequest.secrets"));
    Set<String> marked = new TreeSet<>();
    for (Descriptor d : allMessages()) {
      for (FieldDescriptor f : d.getFields()) {
        if (f.getOptions().getExtension(Csi.csiSecret)) {
          marked.add(relative(d.getFullName()) + "." + f.getName());
          assertThat(f.isMapField()).as(f.getFullName()).isTrue();
        }
      }
    }
    assertThat(marked).isEqualTo(expected);
  }

  @Test
  void exactlyTheSpecAlphaElementsAreMarked() {
    Set<String> alpha = new TreeSet<>();
    for (ServiceDescriptor s : FILE.getServices()) {
      if (s.getOptions().getExtension(Csi.alphaService)) {
        alpha.add("service " + s.getName());
      }
      for (MethodDescriptor m : s.getMethods()) {
        if (m.getOptions().getExtension(Csi.alphaMethod)) {
          alpha.add("rpc " + s.getName() + "." + m.getName());
        }
      }
    }
    List<EnumDescriptor> enums = new ArrayList<>(FILE.getEnumTypes());
    for (Descriptor d : allMessages()) {
      enums.addAll(d.getEnumTypes());
      if (d.getOptions().getExtension(Csi.alphaMessage)) {
        alpha.add("message " + relative(d.getFullName()));
      }
      for (FieldDescriptor f : d.getFields()) {
        if (f.getOptions().getExtension(Csi.alphaField)) {
          alpha.add("field " + relative(d.getFullName()) + "." + f.getName());
        }
      }
    }
    for (EnumDescriptor e : enums) {
      if (e.getOptions().getExtension(Csi.alphaEnum)) {
        alpha.add("enum " + relative(e.getFullName()));
      }
      for (EnumValueDescriptor v : e.getValues()) {
        if (v.getOptions().getExtension(Csi.alphaEnumValue)) {
          alpha.add("value " + relative(e.getFullName()) + "." + v.getName());
        }
      }
    }
    assertThat(alpha).containsExactlyInAnyOrder(
        "service SnapshotMetadata",
        "rpc Controller.GetSnapshot",
        "rpc Controller.ControllerGetVolume",
        "message ControllerGetVolumeRequest",
        "message ControllerGetVolumeResponse",
        "message GetSnapshotRequest",
        "message GetSnapshotResponse",
        "message VolumeCondition",
        "field ListVolumesResponse.VolumeStatus.volume_condition",
        "field GetCapacityResponse.minimum_volume_size",
        "field NodeGetVolumeStatsResponse.volume_condition",
        "field NodeExpandVolumeRequest.secrets",
        "value PluginCapability.Service.Type.SNAPSHOT_METADATA_SERVICE",
        "value VolumeCapability.AccessMode.Mode.SINGLE_NODE_SINGLE_WRITER",
        "value VolumeCapability.AccessMode.Mode.SINGLE_NODE_MULTI_WRITER",
        "value ControllerServiceCapability.RPC.Type.VOLUME_CONDITION",
        "value ControllerServiceCapability.RPC.Type.GET_VOLUME",
        "value ControllerServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER",
        "value ControllerServiceCapability.RPC.Type.GET_SNAPSHOT",
        "value NodeServiceCapability.RPC.Type.VOLUME_CONDITION",
        "value NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER");
  }

  @Test
  void selectedFieldNumbersAndTypesMatchSpec() {
    assertField("CreateVolumeRequest", 4, "parameters", true);
    assertField("CreateVolumeRequest", 5, "secrets", true);
    assertField("CreateVolumeRequest", 7, "accessibility_requirements", false);
    assertField("NodeStageVolumeRequest", 2, "publish_context", true);
    assertField("NodeStageVolumeRequest", 3, "staging_target_path", false);
    assertField("NodeStageVolumeRequest", 5, "secrets", true);
    assertField("NodeStageVolumeRequest", 6, "volume_context", true);
    assertField("NodePublishVolumeRequest", 4, "target_path", false);
    assertField("NodePublishVolumeRequest", 7, "secrets", true);
    assertField("NodePublishVolumeRequest", 8, "volume_context", true);
    assertField("ControllerPublishVolumeRequest", 6, "volume_context", true);
    assertField("ControllerModifyVolumeRequest", 3, "mutable_parameters", true);
    assertField("Snapshot", 6, "group_snapshot_id", false);
    assertField("NodeGetInfoResponse", 2, "max_volumes_per_node", false);
    assertField("GetMetadataDeltaRequest", 5, "secrets", true);
    assertField("NodeExpandVolumeRequest", 6, "secrets", true);
    assertField("VolumeCapability.MountVolume", 3, "volume_mount_group", false);

    assertThat(field("NodeGetInfoResponse", 2).getType()).isEqualTo(FieldDescriptor.Type.INT64);
    assertThat(field("ListSnapshotsRequest", 1).getType()).isEqualTo(FieldDescriptor.Type.INT32);
    assertThat(field("GetCapacityResponse", 2).getMessageType().getFullName())
        .isEqualTo("google.protobuf.Int64Value");
    assertThat(field("Snapshot", 4).getMessageType().getFullName())
        .isEqualTo("google.protobuf.Timestamp");
    assertThat(message("VolumeCapability").getOneofs()).extracting(o -> o.getName())
        .containsExactly("access_type");
    assertThat(message("PluginCapability").getOneofs().get(0).getFields())
        .extracting(FieldDescriptor::getName).containsExactly("service", "volume_expansion");

    assertEnumValue("ControllerServiceCapability.RPC.Type", "MODIFY_VOLUME", 14);
    assertEnumValue("ControllerServiceCapability.RPC.Type", "GET_SNAPSHOT", 15);
    assertEnumValue("PluginCapability.Service.Type", "SNAPSHOT_METADATA_SERVICE", 4);
    assertEnumValue("NodeServiceCapability.RPC.Type", "VOLUME_MOUNT_GROUP", 6);
    assertEnumValue("VolumeCapability.AccessMode.Mode", "SINGLE_NODE_MULTI_WRITER", 7);
    assertEnumValue("GroupControllerServiceCapability.RPC.Type",
        "CREATE_DELETE_GET_VOLUME_GROUP_SNAPSHOT", 1);
    assertThat(FILE.findEnumTypeByName("BlockMetadataType").findValueByName("VARIABLE_LENGTH")
        .getNumber()).isEqualTo(2);
  }

  /**
   * The spec's {@code mutable_parameters} is named {@code mutable_params} where a
   * {@code parameters} map sits beside it (Java accessor clash). Number, type and JSON name
   * are the spec's.
   */
  @Test
  void renamedMutableParametersKeepWireNumberAndJsonName() throws InvalidProtocolBufferException {
    assertRenamed("CreateVolumeRequest", 8);
    assertRenamed("ValidateVolumeCapabilitiesRequest", 6);
    assertRenamed("ValidateVolumeCapabilitiesResponse.Confirmed", 4);
    assertThat(field("ControllerModifyVolumeRequest", 3).getJsonName())
        .isEqualTo("mutableParameters");

    CreateVolumeRequest req = CreateVolumeRequest.newBuilder()
        .setName("pvc-1")
        .putParameters("type", "gp3")
        .putMutableParams("iops", "3000")
        .build();
    UnknownFieldSet wire = UnknownFieldSet.parseFrom(req.toByteArray());
    assertThat(wire.hasField(8)).isTrue();
    assertThat(wire.getField(8).getLengthDelimitedList()).hasSize(1);
    assertThat(wire.hasField(4)).isTrue();

    ValidateVolumeCapabilitiesRequest v = ValidateVolumeCapabilitiesRequest.newBuilder()
        .putMutableParams("iops", "3000").build();
    assertThat(UnknownFieldSet.parseFrom(v.toByteArray()).hasField(6)).isTrue();
    ValidateVolumeCapabilitiesResponse.Confirmed c =
        ValidateVolumeCapabilitiesResponse.Confirmed.newBuilder()
            .putMutableParams("iops", "3000").build();
    assertThat(UnknownFieldSet.parseFrom(c.toByteArray()).hasField(4)).isTrue();
    ControllerModifyVolumeRequest mod = ControllerModifyVolumeRequest.newBuilder()
        .putMutableParameters("iops", "3000").build();
    assertThat(UnknownFieldSet.parseFrom(mod.toByteArray()).hasField(3)).isTrue();
  }

  private static void assertRenamed(String message, int number) {
    FieldDescriptor f = field(message, number);
    assertThat(f.getName()).isEqualTo("mutable_params");
    assertThat(f.getJsonName()).isEqualTo("mutableParameters");
    assertThat(f.isMapField()).isTrue();
    assertThat(f.getOptions().getExtension(Csi.alphaField)).isFalse();
  }

  private static void assertField(String message, int number, String name, boolean map) {
    FieldDescriptor f = field(message, number);
    assertThat(f.getName()).as("%s #%d", message, number).isEqualTo(name);
    assertThat(f.isMapField()).as("%s.%s is a map", message, name).isEqualTo(map);
  }

  private static void assertEnumValue(String enumPath, String value, int number) {
    String[] parts = enumPath.split("\\.");
    Descriptor d = FILE.findMessageTypeByName(parts[0]);
    for (int i = 1; i < parts.length - 1; i++) {
      d = d.findNestedTypeByName(parts[i]);
    }
    EnumValueDescriptor v = d.findEnumTypeByName(parts[parts.length - 1]).findValueByName(value);
    assertThat(v).as("%s.%s", enumPath, value).isNotNull();
    assertThat(v.getNumber()).as("%s.%s", enumPath, value).isEqualTo(number);
  }

  private static FieldDescriptor field(String message, int number) {
    FieldDescriptor f = message(message).findFieldByNumber(number);
    assertThat(f).as("%s #%d", message, number).isNotNull();
    return f;
  }

  private static Descriptor message(String path) {
    String[] parts = path.split("\\.");
    Descriptor d = FILE.findMessageTypeByName(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      d = d.findNestedTypeByName(parts[i]);
    }
    assertThat(d).as(path).isNotNull();
    return d;
  }

  private static List<Descriptor> allMessages() {
    List<Descriptor> out = new ArrayList<>();
    for (Descriptor d : FILE.getMessageTypes()) {
      collect(d, out);
    }
    return out;
  }

  private static void collect(Descriptor d, List<Descriptor> out) {
    out.add(d);
    for (Descriptor n : d.getNestedTypes()) {
      collect(n, out);
    }
  }

  private static String relative(String fullName) {
    return fullName.substring("csi.v1.".length());
  }
}
