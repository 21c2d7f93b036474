package dev.simebs.dist.e2e;

import static dev.simebs.dist.e2e.AllInOneDriver.GIB;
import static dev.simebs.dist.e2e.AllInOneDriver.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.CreateVolumeRequest;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.ec2.Ec2Api;
import dev.simebs.ec2.actions.Instances;
import dev.simebs.ec2.auth.AccessKey;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;

/**
 * One cloud, two APIs: through the all-in-one driver's CSI socket and its EC2 endpoint, each
 * sees and uses what the other made, on real loop devices and file systems.
 */
class Ec2InteropTest {

  static final AccessKey KEY = new AccessKey("default", "AKIASIMEBSINTEROP000",
      "interop-secret-0123456789abcdefghijklmno", AccessKey.Access.READ_WRITE);

  @TempDir Path dir;
  AllInOneDriver driver;
  Ec2Client ec2;

  @BeforeEach
  void start() throws Exception {
    AtomicReference<Ec2Api> api = new AtomicReference<>();
    driver = AllInOneDriver.start(dir, List.of((sim, dataDir) -> {
      api.set(Ec2Api.serve(sim, new Ec2Api.Config(new InetSocketAddress("127.0.0.1", 0),
          List.of(KEY), Clock.systemUTC())));
      return Optional.of(api.get());
    }));
    ec2 = Ec2Client.builder()
        .endpointOverride(api.get().endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(KEY.id(), KEY.secret())))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @AfterEach
  void stop() {
    if (ec2 != null) {
      ec2.close();
    }
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void aVolumeTheCsiDriverMadeIsDescribedWithTheDriversTags() {
    CreateVolumeRequest request = CreateVolumeRequest.newBuilder()
        .setName("pvc-0f1e2d3c")
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
        .addVolumeCapabilities(mount("ext4"))
        .putParameters("tagSpecification_1", "team=storage")
        .putParameters("csi.storage.k8s.io/pvc/name", "data")
        .putParameters("csi.storage.k8s.io/pvc/namespace", "shop")
        .build();
    Volume volume = driver.controller.createVolume(request).getVolume();

    Map<String, String> tags = ec2.describeVolumes(r -> r.volumeIds(volume.getVolumeId()))
        .volumes().getFirst().tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));

    assertThat(tags).containsEntry("team", "storage")
        .containsEntry("ebs.csi.simebs.dev/volume-name", "pvc-0f1e2d3c")
        .containsEntry("kubernetes.io/created-for/pvc/name", "data")
        .containsEntry("kubernetes.io/created-for/pvc/namespace", "shop");
  }

  @Test
  void aVolumeTheSdkMadeIsMountedByTheNodePluginAsAStaticPvWouldBe() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4");
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(1)).volumeId();
    // A static PV names only the volume handle: no volume context from a CreateVolume.
    Volume pv = Volume.newBuilder().setVolumeId(volumeId).setCapacityBytes(GIB).build();
    VolumeCapability capability = mount("ext4");
    Path target = driver.target("static-pv");

    driver.attachAndMount(pv, capability, target);
    try {
      Files.writeString(target.resolve("hello.txt"), "from a pod");

      String instanceId = Instances.instanceIdOf(driver.nodeId);
      var attachment = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().getFirst()
          .attachments().getFirst();
      assertThat(attachment.instanceId()).isEqualTo(instanceId);
      assertThat(attachment.state()).isEqualTo(VolumeAttachmentState.ATTACHED);
      assertThat(ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations()
          .getFirst().instances().getFirst().blockDeviceMappings())
          .anySatisfy(m -> assertThat(m.ebs().volumeId()).isEqualTo(volumeId));
      assertThat(Files.readString(target.resolve("hello.txt"))).isEqualTo("from a pod");
    } finally {
      // Unpublish, unstage, unpublish from the node, delete: also on failure, so no mount or
      // loop device outlives the test.
      driver.tearDown(pv, target);
    }
    assertThat(ec2.describeVolumes().volumes()).noneMatch(v -> v.volumeId().equals(volumeId));
  }
}
