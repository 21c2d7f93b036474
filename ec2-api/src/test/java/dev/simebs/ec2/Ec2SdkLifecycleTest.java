package dev.simebs.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.StuckAttachment;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttachVolumeResponse;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.CreateVolumeResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeModificationState;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.ec2.model.VolumeStatusInfoStatus;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The EBS workflow through the AWS SDK for Java v2's EC2 client, against simulated latencies:
 * every transitional state is seen and the SDK's own waiters carry the volume through them.
 */
class Ec2SdkLifecycleTest {

  @TempDir Path dataDir;
  Ec2Cloud cloud;
  Ec2Client ec2;

  @BeforeEach
  void start() throws Exception {
    cloud = Ec2Cloud.start(dataDir);
    ec2 = cloud.client();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private void latency(String... operations) {
    SimulationConfig.Builder config = SimulationConfig.newBuilder();
    for (String operation : operations) {
      config.addLatencies(LatencyRule.newBuilder().setOperation(operation)
          .setMinMillis(200).setMaxMillis(400));
    }
    cloud.simulate(config.build());
  }

  @Test
  void volumeGoesFromCreatingToAvailableAndTheWaiterSeesIt() {
    latency("CreateVolume");

    CreateVolumeResponse created = ec2.createVolume(r -> r.availabilityZone("sim-a").size(8)
        .volumeType(VolumeType.GP3).tagSpecifications(TagSpecification.builder()
            .resourceType(ResourceType.VOLUME).tags(Tag.builder().key("team").value("storage")
                .build()).build()));

    assertThat(created.state()).isEqualTo(VolumeState.CREATING);
    assertThat(created.volumeId()).matches("vol-[0-9a-f]{17}");
    assertThat(created.iops()).isEqualTo(3000);
    assertThat(created.throughput()).isEqualTo(125);
    Volume available = cloud.waiter(ec2).waitUntilVolumeAvailable(r -> r
        .volumeIds(created.volumeId())).matched().response().orElseThrow().volumes().getFirst();
    assertThat(available.state()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(available.size()).isEqualTo(8);
    assertThat(available.availabilityZone()).isEqualTo("sim-a");
    assertThat(available.tags()).containsExactly(Tag.builder().key("team").value("storage")
        .build());
  }

  @Test
  void attachGoesThroughAttachingToInUseAndTheInstanceShowsTheDevice() {
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(4)).volumeId();
    latency("AttachVolume", "DetachVolume");
    String instanceId = Ec2Cloud.instanceOf(Ec2Cloud.NODE_A);

    AttachVolumeResponse attach = ec2.attachVolume(r -> r.volumeId(volumeId)
        .instanceId(instanceId).device("/dev/sdf"));

    assertThat(attach.state()).isEqualTo(VolumeAttachmentState.ATTACHING);
    assertThat(attach.device()).startsWith("/dev/xvd");
    Volume inUse = cloud.waiter(ec2).waitUntilVolumeInUse(r -> r.volumeIds(volumeId)).matched()
        .response().orElseThrow().volumes().getFirst();
    assertThat(inUse.attachments()).singleElement()
        .satisfies(a -> assertThat(a.instanceId()).isEqualTo(instanceId));
    // EC2 has no waiter for the attachment itself; drivers poll it as this one does.
    assertThat(cloud.waitForAttachment(ec2, volumeId, VolumeAttachmentState.ATTACHED).state())
        .isEqualTo(VolumeAttachmentState.ATTACHED);
    Instance instance = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations()
        .getFirst().instances().getFirst();
    assertThat(instance.placement().availabilityZone()).isEqualTo("sim-a");
    assertThat(instance.privateDnsName()).isEqualTo(Ec2Cloud.NODE_A);
    assertThat(instance.blockDeviceMappings()).singleElement().satisfies(m -> {
      assertThat(m.deviceName()).isEqualTo(attach.device());
      assertThat(m.ebs().volumeId()).isEqualTo(volumeId);
    });
    assertThat(ec2.describeVolumes(r -> r.filters(Filter.builder().name("attachment.instance-id")
        .values(instanceId).build())).volumes()).extracting(Volume::volumeId)
        .containsExactly(volumeId);

    assertThat(ec2.detachVolume(r -> r.volumeId(volumeId)).state())
        .isEqualTo(VolumeAttachmentState.DETACHING);
    assertThat(cloud.waiter(ec2).waitUntilVolumeAvailable(r -> r.volumeIds(volumeId)).matched()
        .response().orElseThrow().volumes().getFirst().attachments()).isEmpty();
  }

  @Test
  void aDetachTheSimulationHoldsIsBusyUntilItIsForced() {
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(1)).volumeId();
    String instanceId = Ec2Cloud.instanceOf(Ec2Cloud.NODE_A);
    ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(instanceId).device("/dev/sdf"));
    assertThat(cloud.waitForAttachment(ec2, volumeId, VolumeAttachmentState.ATTACHED).state())
        .isEqualTo(VolumeAttachmentState.ATTACHED);
    cloud.simulate(SimulationConfig.newBuilder().addStuckAttachments(StuckAttachment.newBuilder()
        .setVolumeId(volumeId).setNodeId(Ec2Cloud.NODE_A)).build());

    assertThat(ec2.detachVolume(r -> r.volumeId(volumeId)).state())
        .isEqualTo(VolumeAttachmentState.BUSY);
    assertThat(ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().getFirst()
        .attachments()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(VolumeAttachmentState.BUSY));
    assertThat(ec2.describeVolumes(r -> r.filters(Filter.builder().name("attachment.status")
        .values("busy").build())).volumes()).extracting(Volume::volumeId).containsExactly(volumeId);

    ec2.detachVolume(r -> r.volumeId(volumeId).force(true));

    Volume detached = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().getFirst();
    assertThat(detached.state()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(detached.attachments()).isEmpty();
  }

  @Test
  void snapshotIsPendingThenCompletedAndRestoresIntoANewVolume() {
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(2)).volumeId();
    latency("CreateSnapshot");

    CreateSnapshotResponse snapshot = ec2.createSnapshot(r -> r.volumeId(volumeId)
        .description("nightly").tagSpecifications(TagSpecification.builder()
            .resourceType(ResourceType.SNAPSHOT).tags(Tag.builder().key("k").value("v").build())
            .build()));

    assertThat(snapshot.state()).isEqualTo(SnapshotState.PENDING);
    Snapshot completed = cloud.waiter(ec2).waitUntilSnapshotCompleted(r -> r
        .snapshotIds(snapshot.snapshotId())).matched().response().orElseThrow().snapshots()
        .getFirst();
    assertThat(completed.progress()).isEqualTo("100%");
    assertThat(completed.volumeId()).isEqualTo(volumeId);
    assertThat(completed.volumeSize()).isEqualTo(2);
    assertThat(completed.description()).isEqualTo("nightly");
    assertThat(ec2.describeSnapshots(r -> r.ownerIds("self").filters(Filter.builder()
        .name("volume-id").values(volumeId).build())).snapshots())
        .extracting(Snapshot::snapshotId).containsExactly(snapshot.snapshotId());

    CreateVolumeResponse restored = ec2.createVolume(r -> r.availabilityZone("sim-b")
        .snapshotId(snapshot.snapshotId()));
    assertThat(restored.size()).isEqualTo(2);
    assertThat(restored.snapshotId()).isEqualTo(snapshot.snapshotId());

    ec2.deleteSnapshot(r -> r.snapshotId(snapshot.snapshotId()));
    assertThat(ec2.describeSnapshots(r -> r.filters(Filter.builder().name("volume-id")
        .values(volumeId).build())).snapshots()).isEmpty();
  }

  @Test
  void modifyVolumeGrowsAndChangesTypeAndIsDescribed() {
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(10)).volumeId();

    var modification = ec2.modifyVolume(r -> r.volumeId(volumeId).size(20)
        .volumeType(VolumeType.IO2).iops(2000)).volumeModification();

    assertThat(modification.originalSize()).isEqualTo(10);
    assertThat(modification.targetSize()).isEqualTo(20);
    assertThat(modification.targetVolumeType()).isEqualTo(VolumeType.IO2);
    assertThat(ec2.describeVolumesModifications(r -> r.volumeIds(volumeId))
        .volumesModifications()).singleElement().satisfies(m ->
            assertThat(m.modificationState()).isEqualTo(VolumeModificationState.COMPLETED));
    Volume volume = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().getFirst();
    assertThat(volume.size()).isEqualTo(20);
    assertThat(volume.volumeType()).isEqualTo(VolumeType.IO2);
    assertThat(volume.iops()).isEqualTo(2000);
  }

  @Test
  void tagsAreCreatedDescribedAndDeleted() {
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(1)).volumeId();

    ec2.createTags(r -> r.resources(volumeId).tags(Tag.builder().key("a").value("1").build(),
        Tag.builder().key("b").value("2").build()));
    ec2.deleteTags(r -> r.resources(volumeId).tags(Tag.builder().key("b").value("other")
        .build()));

    assertThat(ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id")
        .values(volumeId).build())).tags()).extracting(TagDescription::key)
        .containsExactly("a", "b");
    ec2.deleteTags(r -> r.resources(volumeId).tags(Tag.builder().key("b").build()));
    assertThat(ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:a").values("1")
        .build())).volumes()).singleElement().satisfies(v ->
            assertThat(v.tags()).extracting(Tag::key).containsExactly("a"));
    assertThat(ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag-key").values("b")
        .build())).volumes()).isEmpty();
  }

  @Test
  void volumeStatusIsOkUntilTheSimulationImpairsIt() {
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(1)).volumeId();
    assertThat(ec2.describeVolumeStatus(r -> r.volumeIds(volumeId)).volumeStatuses().getFirst()
        .volumeStatus().status()).isEqualTo(VolumeStatusInfoStatus.OK);

    cloud.admin().setVolumeImpaired(dev.simebs.backend.api.SetVolumeImpairedRequest.newBuilder()
        .setVolumeId(volumeId).setImpaired(true).setReason("disk on fire").build());

    var status = ec2.describeVolumeStatus(r -> r.volumeIds(volumeId)).volumeStatuses()
        .getFirst();
    assertThat(status.volumeStatus().status()).isEqualTo(VolumeStatusInfoStatus.IMPAIRED);
    assertThat(status.events()).singleElement()
        .satisfies(e -> assertThat(e.description()).isEqualTo("disk on fire"));
  }

  @Test
  void zonesAreTheBackendsInTheSignedRegion() {
    assertThat(ec2.describeAvailabilityZones().availabilityZones())
        .extracting(AvailabilityZone::zoneName, AvailabilityZone::regionName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sim-a", "us-east-1"),
            org.assertj.core.groups.Tuple.tuple("sim-b", "us-east-1"));
  }

  @Test
  void aVolumeMayNameItsZoneById() {
    String zoneId = ec2.describeAvailabilityZones(r -> r.zoneNames("sim-b"))
        .availabilityZones().getFirst().zoneId();

    assertThat(ec2.createVolume(r -> r.availabilityZoneId(zoneId).size(1)).availabilityZone())
        .isEqualTo("sim-b");
  }

  @Test
  void deletedVolumeIsGone() {
    String volumeId = ec2.createVolume(r -> r.availabilityZone("sim-a").size(1)).volumeId();

    ec2.deleteVolume(r -> r.volumeId(volumeId));

    assertThat(ec2.describeVolumes().volumes()).extracting(Volume::volumeId)
        .doesNotContain(volumeId);
  }
}
