package dev.simebs.dist.e2e;

import static dev.simebs.dist.e2e.AllInOneDriver.GIB;
import static dev.simebs.dist.e2e.AllInOneDriver.block;
import static dev.simebs.dist.e2e.AllInOneDriver.mount;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.Csi;
import csi.v1.GetCapacityRequest;
import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.GetSnapshotRequest;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListVolumesRequest;
import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.ProbeRequest;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.Volume;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCapability;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sidecars built on CSI spec v1.11 crash or fail on enum values they do not know (csi-provisioner
 * v5.2.0 dereferences a nil descriptor logging the response; csi-sanity v5.4.0 fails "Unknown
 * capability"). So every enum value the all-in-one driver sends, over Identity, Controller and
 * Node, must exist in v1.11.0 (facts in {@code csi/v1.11.0-enums.txt}) unless the operator opted
 * in to v1.12.0. A recorder on the client channel sees every response of a full workflow.
 */
class SpecEnumValuesTest {

  private static final String V1_11_FACTS = "/csi/v1.11.0-enums.txt";

  @TempDir Path dir;

  @Test
  void theOnlyEnumValueV112AddedIsGetSnapshot() throws IOException {
    Map<String, Set<String>> v111 = v111EnumValues();
    Set<String> added = new TreeSet<>();
    for (EnumDescriptor type : allEnums()) {
      for (EnumValueDescriptor value : type.getValues()) {
        if (!v111.getOrDefault(type.getFullName(), Set.of()).contains(value.getName() + "=" + value.getNumber())) {
          added.add(type.getFullName() + "." + value.getName());
        }
      }
    }

    assertThat(added).containsExactly("csi.v1.ControllerServiceCapability.RPC.Type.GET_SNAPSHOT");
  }

  @Test
  void byDefaultEveryEnumValueSentOverEveryServiceExistsInV111() throws Exception {
    Set<String> sent = enumValuesSentInAWorkflow(dir, AdvertisedSpec.DEFAULT);

    assertThat(notInV111(sent)).isEmpty();
    assertThat(sent)
        .contains(
            "csi.v1.PluginCapability.Service.Type.CONTROLLER_SERVICE",
            "csi.v1.ControllerServiceCapability.RPC.Type.MODIFY_VOLUME",
            "csi.v1.NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME",
            "csi.v1.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER");
    if (HostRequirements.hasDataPath("mkfs.xfs")) {
      assertThat(sent).contains("csi.v1.VolumeUsage.Unit.BYTES"); // the node's stats were seen too
    }
  }

  @Test
  void advertisingV112SendsGetSnapshotAndNothingElseNewer() throws Exception {
    Set<String> sent = enumValuesSentInAWorkflow(dir, AdvertisedSpec.V1_12_0);

    assertThat(notInV111(sent)).containsExactly("csi.v1.ControllerServiceCapability.RPC.Type.GET_SNAPSHOT");
  }

  /**
   * Every call a cluster makes: identity and capabilities, provisioning, inspection, snapshots,
   * expansion and modification, and (where the host has loop devices and mkfs) the node's data
   * path for a file system and a raw block volume.
   */
  private static Set<String> enumValuesSentInAWorkflow(Path dir, AdvertisedSpec spec) throws Exception {
    ResponseRecorder recorder = new ResponseRecorder();
    try (AllInOneDriver driver = AllInOneDriver.start(dir, spec, recorder)) {
      driver.identity.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
      driver.identity.getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance());
      driver.identity.probe(ProbeRequest.getDefaultInstance());
      driver.controller.controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance());
      driver.node.nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance());
      driver.node.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());

      VolumeCapability fileSystem = mount("xfs");
      VolumeCapability raw = block();
      Volume mounted = driver.create("mounted", GIB, fileSystem);
      Volume device = driver.create("device", GIB, raw);
      for (Mode mode : List.of(Mode.SINGLE_NODE_WRITER, Mode.SINGLE_NODE_READER_ONLY, Mode.SINGLE_NODE_MULTI_WRITER)) {
        driver.controller.validateVolumeCapabilities(
            ValidateVolumeCapabilitiesRequest.newBuilder()
                .setVolumeId(device.getVolumeId())
                .addVolumeCapabilities(raw.toBuilder().setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode)))
                .build());
      }
      driver.controller.getCapacity(GetCapacityRequest.newBuilder().addVolumeCapabilities(fileSystem).build());
      driver.controller.listVolumes(ListVolumesRequest.getDefaultInstance());
      driver.controller.controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(mounted.getVolumeId()).build());
      String snapshotId = driver.snapshot("snapshot", mounted.getVolumeId()).getSnapshotId();
      driver.controller.listSnapshots(ListSnapshotsRequest.getDefaultInstance());
      driver.controller.getSnapshot(GetSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build());
      driver.controller.controllerModifyVolume(
          ControllerModifyVolumeRequest.newBuilder().setVolumeId(device.getVolumeId()).putMutableParameters("throughput", "200").build());

      if (HostRequirements.hasDataPath("mkfs.xfs")) {
        Path mountTarget = driver.target("mounted");
        Path blockTarget = driver.target("device");
        driver.attachAndMount(mounted, fileSystem, mountTarget);
        driver.attachAndMount(device, raw, blockTarget);
        driver.expand(mounted, fileSystem, mountTarget, 2 * GIB);
        driver.expand(device, raw, blockTarget, 2 * GIB);
        for (Path target : List.of(mountTarget, blockTarget)) {
          driver.node.nodeGetVolumeStats(
              NodeGetVolumeStatsRequest.newBuilder()
                  .setVolumeId(target.equals(mountTarget) ? mounted.getVolumeId() : device.getVolumeId())
                  .setVolumePath(target.toString())
                  .build());
        }
        driver.tearDown(mounted, mountTarget);
        driver.tearDown(device, blockTarget);
      }
      driver.deleteSnapshot(snapshotId);
    }
    return recorder.enumValues();
  }

  private static Set<String> notInV111(Set<String> sent) throws IOException {
    Set<String> known =
        v111EnumValues().entrySet().stream()
            .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "." + v.substring(0, v.indexOf('='))))
            .collect(Collectors.toSet());
    return sent.stream().filter(v -> !known.contains(v)).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Enum full name → {@code NAME=number} of each of its values in spec v1.11.0. */
  private static Map<String, Set<String>> v111EnumValues() throws IOException {
    Map<String, Set<String>> enums = new HashMap<>();
    try (InputStream in = SpecEnumValuesTest.class.getResourceAsStream(V1_11_FACTS)) {
      assertThat(in).as(V1_11_FACTS).isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(":", 2);
        enums.put(parts[0].strip(), Set.of(parts[1].strip().split("\\s+")));
      }
    }
    return enums;
  }

  private static List<EnumDescriptor> allEnums() {
    List<EnumDescriptor> enums = new java.util.ArrayList<>(Csi.getDescriptor().getEnumTypes());
    Csi.getDescriptor().getMessageTypes().forEach(m -> collectEnums(m, enums));
    return enums;
  }

  private static void collectEnums(com.google.protobuf.Descriptors.Descriptor message, List<EnumDescriptor> into) {
    into.addAll(message.getEnumTypes());
    message.getNestedTypes().forEach(nested -> collectEnums(nested, into));
  }

  /** Records the enum values of every response message that passes through the channel. */
  private static final class ResponseRecorder implements ClientInterceptor {

    private final ConcurrentLinkedQueue<Message> responses = new ConcurrentLinkedQueue<>();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, io.grpc.Metadata headers) {
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onMessage(R message) {
                  responses.add((Message) message);
                  super.onMessage(message);
                }
              },
              headers);
        }
      };
    }

    /** Every enum value set in any recorded response, as {@code <enum full name>.<VALUE>}. */
    Set<String> enumValues() {
      Set<String> values = new TreeSet<>();
      responses.forEach(response -> collect(response, values));
      return values;
    }

    private static void collect(Message message, Set<String> into) {
      for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
        List<?> values = field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
        for (Object value : values) {
          switch (value) {
            case EnumValueDescriptor e -> into.add(e.getType().getFullName() + "." + e.getName());
            case Message m -> collect(m, into);
            default -> {}
          }
        }
      }
    }
  }
}
