package dev.simebs.node.ec2devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.node.request.BackingFiles;
import dev.simebs.node.testing.LoopDetacher;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device agent on real loop devices: attachments made through the cloud API become block
 * devices behind EBS-style links on the right node, and go away on detach; two nodes sharing
 * /dev never share or take each other's devices.
 */
class Ec2DeviceAgentTest {

  @TempDir Path dir;
  BackendSim sim;
  BackendConnection connection;
  BackendBlockingStub backend;
  LoopDevices loops;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeLoopDevicesAndMount();
    sim = BackendSim.open(BackendConfig.defaults(dir.resolve("backend")));
    connection = BackendConnection.inProcess(sim.services());
    backend = connection.backend();
    loops = new LoopDevices(new LinuxSystem());
  }

  @AfterEach
  void stop() throws Exception {
    if (loops != null) {
      // Only the loop devices bound to this test's files.
      for (LoopDevice device : loops.bound()) {
        if (device.backingFile().startsWith(dir.toRealPath())) {
          LoopDetacher.detach(loops, device);
        }
      }
    }
    if (connection != null) {
      connection.close();
      sim.close();
    }
  }

  private Ec2DeviceAgent agent(String nodeId) {
    Ec2DeviceAgent agent = new Ec2DeviceAgent(backend, nodeId, loops,
        new Ec2DeviceLinks(dir.resolve("links").resolve(nodeId)),
        new BackingFiles(Optional.of(dir.resolve("backend"))));
    agent.register("sim-a", 25);
    return agent;
  }

  private Path link(String nodeId, String volumeId) {
    return dir.resolve("links").resolve(nodeId).resolve(Ec2DeviceLinks.linkName(volumeId));
  }

  private Volume volume(CreateVolumeRequest.Builder request) {
    return backend.createVolume(request.setZone("sim-a").build()).getVolume();
  }

  private void attach(String volumeId, String nodeId) {
    backend.attachVolume(AttachVolumeRequest.newBuilder().setVolumeId(volumeId)
        .setNodeId(nodeId).build());
  }

  private void detach(String volumeId, String nodeId) {
    backend.detachVolume(DetachVolumeRequest.newBuilder().setVolumeId(volumeId)
        .setNodeId(nodeId).build());
  }

  private LoopDevice deviceBehind(Path link) throws Exception {
    String target = Files.readSymbolicLink(link).toString();
    return loops.read(Integer.parseInt(target.substring("/dev/loop".length()))).orElseThrow();
  }

  @Test
  void anAttachmentBecomesALinkedLoopDeviceOverTheVolumesFileAndGoesOnDetach() throws Exception {
    Ec2DeviceAgent agent = agent("node-a");
    Volume volume = volume(CreateVolumeRequest.newBuilder().setSizeGib(1));
    attach(volume.getVolumeId(), "node-a");

    assertThat(agent.reconcile()).isEqualTo(new Ec2DeviceAgent.Pass(1, 0));

    Path link = link("node-a", volume.getVolumeId());
    assertThat(link.getFileName().toString())
        .isEqualTo("nvme-Amazon_Elastic_Block_Store_vol" + volume.getVolumeId().substring(4));
    LoopDevice device = deviceBehind(link);
    assertThat(device.backingFile()).isEqualTo(Path.of(volume.getBackingFile()).toRealPath());
    try (RandomAccessFile block = new RandomAccessFile(link.toFile(), "rw")) {
      block.write("through the device".getBytes(StandardCharsets.UTF_8));
      block.getFD().sync();
    }
    try (RandomAccessFile file = new RandomAccessFile(volume.getBackingFile(), "r")) {
      byte[] read = new byte[18];
      file.readFully(read);
      assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("through the device");
    }
    assertThat(agent.reconcile()).isEqualTo(new Ec2DeviceAgent.Pass(0, 0));

    detach(volume.getVolumeId(), "node-a");
    assertThat(agent.reconcile()).isEqualTo(new Ec2DeviceAgent.Pass(0, 1));

    assertThat(link).doesNotExist();
    assertThat(loops.read(device.number()).filter(d -> d.backingFile()
        .equals(device.backingFile()))).isEmpty();
  }

  @Test
  void twoNodesHoldingOneMultiAttachVolumeEachGetTheirOwnDevice() throws Exception {
    Ec2DeviceAgent a = agent("node-a");
    Ec2DeviceAgent b = agent("node-b");
    Volume shared = volume(CreateVolumeRequest.newBuilder().setSizeGib(4)
        .setType(VolumeType.IO2).setMultiAttach(true));
    attach(shared.getVolumeId(), "node-a");
    attach(shared.getVolumeId(), "node-b");
    Volume onlyA = volume(CreateVolumeRequest.newBuilder().setSizeGib(1));
    attach(onlyA.getVolumeId(), "node-a");

    a.reconcile();
    b.reconcile();

    LoopDevice onA = deviceBehind(link("node-a", shared.getVolumeId()));
    LoopDevice onB = deviceBehind(link("node-b", shared.getVolumeId()));
    assertThat(onA.number()).isNotEqualTo(onB.number());
    assertThat(link("node-b", onlyA.getVolumeId())).doesNotExist();

    detach(shared.getVolumeId(), "node-b");
    b.reconcile();
    a.reconcile();

    assertThat(link("node-b", shared.getVolumeId())).doesNotExist();
    assertThat(loops.read(onA.number())).contains(onA);
    assertThat(deviceBehind(link("node-a", shared.getVolumeId()))).isEqualTo(onA);
  }

  @Test
  void aLinkWhoseDeviceWasTakenAwayIsRemadeOnANewDevice() throws Exception {
    Ec2DeviceAgent agent = agent("node-a");
    Volume volume = volume(CreateVolumeRequest.newBuilder().setSizeGib(1));
    attach(volume.getVolumeId(), "node-a");
    agent.reconcile();
    LoopDevice first = deviceBehind(link("node-a", volume.getVolumeId()));
    LoopDetacher.detach(loops, first);

    assertThat(agent.reconcile()).isEqualTo(new Ec2DeviceAgent.Pass(1, 0));

    LoopDevice second = deviceBehind(link("node-a", volume.getVolumeId()));
    assertThat(second.backingFile()).isEqualTo(first.backingFile());
  }
}
