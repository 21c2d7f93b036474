package dev.simebs.cloudcli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.util.JsonFormat;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.CreateFileSystemResponse;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DeleteAccessPointRequest;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.backend.api.ListQuarantineResponse;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.PosixUser;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.backend.api.RootDirectory;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.ThroughputMode;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.common.testing.ImageData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simebs cloud} against a live backend over TCP with its token. */
class CloudCommandTest {

  @TempDir Path dir;
  private LiveBackend cloud;

  @BeforeEach
  void start() throws Exception {
    cloud = LiveBackend.start(dir);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void volumesListShowsEveryPageInOneTable() {
    for (int i = 0; i < 5; i++) {
      createVolume(1 + i);
    }

    LiveBackend.Run run = cloud.cli("volumes", "list");

    assertThat(run.status()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("VOLUME ID").contains("SIZE", "TYPE", "ZONE", "STATE", "HEALTH");
    assertThat(lines).hasSize(6);
    assertThat(lines.subList(1, 6)).allSatisfy(line -> assertThat(line).matches("vol-[0-9a-f]{17} .*gp3 .*available.*ok"));
  }

  @Test
  void maxResultsShowsOnePageAndTheTokenForTheNext() throws Exception {
    for (int i = 0; i < 3; i++) {
      createVolume(1);
    }

    LiveBackend.Run first = cloud.cli("volumes", "list", "--max-results", "2", "-o", "json");
    DescribeVolumesResponse.Builder page = DescribeVolumesResponse.newBuilder();
    JsonFormat.parser().merge(first.out(), page);
    assertThat(page.getVolumesList()).hasSize(2);
    assertThat(page.getNextToken()).isNotEmpty();

    LiveBackend.Run rest = cloud.cli("volumes", "list", "--max-results", "2", "--next-token", page.getNextToken());
    assertThat(rest.out().lines().skip(1).toList()).hasSize(1);
    assertThat(rest.out()).doesNotContain("NextToken");
  }

  @Test
  void jsonIsTheApiMessageAndYamlTheSameTree() throws Exception {
    Volume volume = createVolume(3);

    LiveBackend.Run json = cloud.cli("volumes", "describe", volume.getVolumeId(), "--output", "json");
    DescribeVolumesResponse.Builder parsed = DescribeVolumesResponse.newBuilder();
    JsonFormat.parser().merge(json.out(), parsed);
    assertThat(parsed.getVolumes(0)).isEqualTo(describe(volume.getVolumeId()));

    LiveBackend.Run yaml = cloud.cli("volumes", "describe", volume.getVolumeId(), "-o", "yaml");
    assertThat(yaml.out()).contains("volumeId: \"" + volume.getVolumeId() + "\"", "sizeGib: \"3\"", "state: \"AVAILABLE\"");
  }

  @Test
  void snapshotCreateWaitsAndShowsItsProgress() {
    Volume volume = createVolume(1);
    cloud.cli("simulation", "latency", "CreateSnapshot=600");

    LiveBackend.Run run = cloud.cli("snapshots", "create", "--volume-id", volume.getVolumeId(), "--wait");

    assertThat(run.status()).isZero();
    List<String> progress = run.err().lines().toList();
    assertThat(progress.getFirst()).matches("snap-[0-9a-f]{17} pending \\d+%");
    assertThat(progress.getLast()).matches("snap-[0-9a-f]{17} completed 100%");
    assertThat(run.out()).contains("completed", "100%", volume.getVolumeId());
  }

  @Test
  void snapshotProgressIsTheProgressOfItsCopy() throws Exception {
    assumeTrue(cloud.copyMethod() == CopyMethod.EXTENTS,
        "the data directory can reflink, so a snapshot's copy is done before its call answers");
    Volume volume = createVolume(1);
    ImageData.writeRandom(Path.of(volume.getBackingFile()), 0, 8, 1);
    assertThat(cloud.cli("simulation", "copy-rate", "4").out()).containsPattern("copy-rate\\s+\\S+\\s+4 MiB/s");

    LiveBackend.Run run = cloud.cli("snapshots", "create", "--volume-id", volume.getVolumeId(), "--wait");

    assertThat(run.status()).as(run.err()).isZero();
    List<Integer> percents = run.err().lines()
        .map(line -> Integer.parseInt(line.replaceFirst("^snap-\\S+ \\S+ (\\d+)%$", "$1")))
        .toList();
    // 8 MiB at 4 MiB/s: the copy takes two seconds, and each look in between sees it further on.
    assertThat(percents).isSorted().contains(100).anyMatch(p -> p > 0 && p < 100);
  }

  @Test
  void quarantinedFilesAreListedRestoredAndPurged() throws Exception {
    createVolume(1);
    String stray = "vol-0123456789abcdef0";
    cloud.close();
    Path volumes = dir.resolve("data").resolve("volumes");
    Files.writeString(volumes.resolve(stray + ".img"), "stray");
    Files.writeString(volumes.resolve("notes.txt"), "notes");
    cloud = LiveBackend.start(dir);

    assertThat(cloud.cli("quarantine", "list").out())
        .containsPattern("volumes/" + stray + ".img\\s+5\\s+\\d+\\s+\\S+\\s+" + stray)
        .containsPattern("volumes/notes.txt\\s+5\\s+\\d+\\s+\\S+\\s+-");
    assertThat(cloud.cli("quarantine", "restore", "volumes/" + stray + ".img").out())
        .containsPattern(stray + "\\s+1Gi\\s+gp3");
    assertThat(describe(stray).getVolumeId()).isEqualTo(stray);
    assertThat(cloud.cli("quarantine", "purge", "volumes/notes.txt").out()).contains("volumes/notes.txt");

    LiveBackend.Run json = cloud.cli("quarantine", "list", "-o", "json");
    ListQuarantineResponse.Builder left = ListQuarantineResponse.newBuilder();
    JsonFormat.parser().merge(json.out(), left);
    assertThat(left.getFilesList()).isEmpty();
  }

  @Test
  void attachmentsNodesAndZonesAreListed() {
    Volume volume = createVolume(2);
    cloud.api().backend().registerNode(RegisterNodeRequest.newBuilder().setNodeId("node-1").setZone("sim-a").build());
    cloud.api().backend().attachVolume(AttachVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setNodeId("node-1").build());

    assertThat(cloud.cli("attachments", "--node-id", "node-1").out())
        .contains(volume.getVolumeId(), "node-1", "/dev/xvd", "attached");
    assertThat(cloud.cli("nodes").out()).containsPattern("node-1\\s+sim-a\\s+1\\s+25");
    assertThat(cloud.cli("zones").out()).containsPattern("sim-a\\s+102400Gi\\s+2Gi\\s+102398Gi");
  }

  @Test
  void forceDetachRemovesTheAttachmentAtOnce() {
    Volume volume = createVolume(1);
    cloud.api().backend().registerNode(RegisterNodeRequest.newBuilder().setNodeId("node-1").setZone("sim-a").build());
    cloud.api().backend().attachVolume(AttachVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setNodeId("node-1").build());

    LiveBackend.Run run = cloud.cli("volumes", "force-detach", volume.getVolumeId(), "--node-id", "node-1");

    assertThat(run.status()).isZero();
    assertThat(cloud.api().backend()
            .describeAttachments(DescribeAttachmentsRequest.newBuilder().setVolumeId(volume.getVolumeId()).build())
            .getAttachmentsList())
        .allSatisfy(a -> assertThat(a.getState().name()).isIn("DETACHED", "DETACHING"));
  }

  @Test
  void impairMarksTheVolumeAndClearHealsIt() {
    Volume volume = createVolume(1);

    assertThat(cloud.cli("volumes", "impair", volume.getVolumeId(), "--reason", "io-stalled").out())
        .contains("impaired: io-stalled");
    assertThat(describe(volume.getVolumeId()).getImpaired()).isTrue();

    cloud.cli("volumes", "impair", volume.getVolumeId(), "--clear");
    assertThat(describe(volume.getVolumeId()).getImpaired()).isFalse();
  }

  @Test
  void simulationKnobsAreSetShownAndCleared() {
    cloud.cli("simulation", "latency", "AttachVolume=2000", "CreateVolume=200..800");
    cloud.cli("simulation", "throttle", "CreateVolume=5/10");
    cloud.cli("simulation", "stuck", "vol-0123456789abcdef0@node-1");

    LiveBackend.Run shown = cloud.cli("simulation", "show");
    assertThat(shown.out())
        .containsPattern("latency\\s+AttachVolume\\s+2000 ms")
        .containsPattern("latency\\s+CreateVolume\\s+200..800 ms")
        .containsPattern("throttle\\s+CreateVolume\\s+5.0/s, burst 10")
        .containsPattern("stuck\\s+AttachVolume\\s+vol-0123456789abcdef0 @ node-1");

    cloud.cli("simulation", "latency", "--clear", "CreateVolume");
    SimulationConfig config = simulation();
    assertThat(config.getLatenciesList()).extracting(l -> l.getOperation()).containsExactly("AttachVolume");
    assertThat(config.getThrottlesCount()).isEqualTo(1);

    cloud.cli("simulation", "reset");
    assertThat(simulation()).isEqualTo(SimulationConfig.getDefaultInstance());
  }

  @Test
  void anAddedFaultFailsTheCloudsCallsUntilItIsCleared() {
    LiveBackend.Run added =
        cloud.cli("faults", "add", "CreateVolume=INSUFFICIENT_VOLUME_CAPACITY:p=1", "--message", "zone is full");
    assertThat(added.out()).contains("CreateVolume", "INSUFFICIENT_VOLUME_CAPACITY", "p=1.0", "zone is full");
    assertThat(cloud.cli("faults", "list").out()).contains("INSUFFICIENT_VOLUME_CAPACITY");
    assertThatThrownBy(() -> createVolume(1)).hasMessageContaining("zone is full");

    assertThat(cloud.cli("faults", "clear").out()).contains("cleared every fault");

    assertThat(simulation().getFaultsList()).isEmpty();
    assertThat(createVolume(1).getVolumeId()).startsWith("vol-");
  }

  @Test
  void aRefusalIsOneLineWithTheCloudsReasonAndStatusOne() {
    LiveBackend.Run run = cloud.cli("volumes", "describe", "vol-0123456789abcdef0");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("error: " + ErrorReason.VOLUME_NOT_FOUND).doesNotContain("\n");
  }

  @Test
  void listingTakesOnlyTheDriversTokenFileAndCaAsTheDriverHasThem() {
    createVolume(1);

    LiveBackend.Run run = LiveBackend.cliAsIs("volumes", "list",
        "--backend", cloud.address().toString(),
        "--backend-token-file", cloud.file("token").toString(),
        "--backend-ca-file", cloud.file("ca.crt").toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(2);
  }

  @Test
  void theAdminApiRefusesTheDriversToken() {
    LiveBackend.Run run = LiveBackend.cliAsIs("simulation", "show",
        "--backend", cloud.address().toString(),
        "--backend-token-file", cloud.file("token").toString(),
        "--backend-ca-file", cloud.file("ca.crt").toString(),
        "--admin", cloud.adminAddress().toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("error: " + ErrorReason.UNAUTHORIZED);
  }

  @Test
  void aCaFileWithoutATokenFileIsRefusedBeforeAnyCall() {
    LiveBackend.Run run = LiveBackend.cliAsIs("zones",
        "--backend", cloud.address().toString(), "--backend-ca-file", cloud.file("ca.crt").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--backend-token-file");
  }

  @Test
  void aMalformedRuleNamesTheExpectedForm() {
    LiveBackend.Run run = cloud.cli("simulation", "throttle", "CreateVolume=fast");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("expected OPERATION=REFILL_PER_SECOND/BURST");
  }

  private Volume createVolume(long sizeGib) {
    return cloud.api().backend()
        .createVolume(CreateVolumeRequest.newBuilder().setSizeGib(sizeGib).setZone("sim-a").build())
        .getVolume();
  }

  private Volume describe(String volumeId) {
    return cloud.api().backend().describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build()).getVolumes(0);
  }

  private SimulationConfig simulation() {
    return cloud.admin().admin().getSimulation(GetSimulationRequest.getDefaultInstance());
  }

  /** {@code simebs cloud file-systems}: made, shown, taken down and deleted through the CLI. */
  @Nested
  class FileSystems {

    @Test
    void createMakesAFileSystemAndTheSameTokenFindsIt() throws Exception {
      LiveBackend.Run first = cloud.cli("file-systems", "create", "--creation-token", "team-a");
      LiveBackend.Run again = cloud.cli("file-systems", "create", "--creation-token", "team-a", "-o", "json");

      assertThat(first.status()).as(first.err()).isZero();
      String id = created(again).getFileSystemId();
      assertThat(first.out()).containsPattern(id + "\\s+team-a\\s+(creating|available)\\s+regional");
    }

    @Test
    void createRecordsOneZoneProvisionedThroughputAndEncryption() throws Exception {
      String id = created(cloud.cli("file-systems", "create", "--creation-token", "small",
          "--one-zone", "sim-b", "--provisioned-throughput", "64", "--encrypted", "-o", "json"))
          .getFileSystemId();

      FileSystem stored = describeFileSystem(id);
      assertThat(stored.getAvailabilityZone()).isEqualTo("sim-b");
      assertThat(stored.getThroughputMode()).isEqualTo(ThroughputMode.PROVISIONED);
      assertThat(stored.getProvisionedThroughputMibps()).isEqualTo(64.0);
      assertThat(stored.getEncrypted()).isTrue();
    }

    @Test
    void theSameTokenWithOtherOptionsIsRefusedWithTheCloudsReason() {
      assertThat(cloud.cli("file-systems", "create", "--creation-token", "team-a").status()).isZero();

      LiveBackend.Run run = cloud.cli("file-systems", "create", "--creation-token", "team-a", "--encrypted");

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.err()).startsWith("error: " + ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH);
    }

    @Test
    void listDescribeMountTargetsAndAccessPointsShowTheFileSystem() {
      FileSystem fs = createFileSystem("shared");
      createAccessPoint(fs.getFileSystemId());

      assertThat(cloud.cli("file-systems", "list").out())
          .containsPattern(fs.getFileSystemId() + "\\s+shared\\s+available\\s+regional");
      assertThat(cloud.cli("file-systems", "mount-targets", fs.getFileSystemId()).out())
          .containsPattern("sim-a\\s+available\\s+yes").containsPattern("sim-b\\s+available\\s+yes");
      assertThat(cloud.cli("file-systems", "access-points", "--file-system-id", fs.getFileSystemId()).out())
          .containsPattern("fsap-\\S+\\s+" + fs.getFileSystemId() + "\\s+/data\\s+1000:1000");
      assertThat(cloud.cli("file-systems", "describe", fs.getFileSystemId(), "-o", "yaml").out())
          .contains("fileSystemId: \"" + fs.getFileSystemId() + "\"", "creationToken: \"shared\"");
    }

    @Test
    void aMountTargetTakenDownRefusesMountsInItsZoneUntilItIsUpAgain() {
      String id = createFileSystem("team-a").getFileSystemId();

      LiveBackend.Run down = cloud.cli("file-systems", "mount-target", id, "sim-b", "down");

      assertThat(down.status()).as(down.err()).isZero();
      assertThat(down.out()).containsPattern(id + "\\s+sim-b\\s+available\\s+no \\(held down\\)");
      assertThatThrownBy(() -> mount(id, "sim-b"))
          .satisfies(e -> assertThat(BackendErrors.reasonOf(e)).isEqualTo(ErrorReason.MOUNT_TARGET_UNAVAILABLE));
      assertThat(mount(id, "sim-a")).isEqualTo("/");

      LiveBackend.Run up = cloud.cli("file-systems", "mount-target", id, "sim-b", "up");

      assertThat(up.out()).containsPattern(id + "\\s+sim-b\\s+available\\s+yes");
      assertThat(mount(id, "sim-b")).isEqualTo("/");
    }

    @Test
    void aMountTargetStateOtherThanUpOrDownIsAUsageError() {
      String id = createFileSystem("team-a").getFileSystemId();

      LiveBackend.Run run = cloud.cli("file-systems", "mount-target", id, "sim-b", "sideways");

      assertThat(run.status()).isEqualTo(2);
      assertThat(run.err()).contains("up", "down");
    }

    @Test
    void deleteIsRefusedWhileAccessPointsRemainAndThenRemovesTheFileSystem() {
      String id = createFileSystem("team-a").getFileSystemId();
      AccessPoint ap = createAccessPoint(id);

      LiveBackend.Run refused = cloud.cli("file-systems", "delete", id);

      assertThat(refused.status()).isEqualTo(1);
      assertThat(refused.err()).startsWith("error: " + ErrorReason.FILE_SYSTEM_IN_USE);

      cloud.api().fileSystems().deleteAccessPoint(
          DeleteAccessPointRequest.newBuilder().setAccessPointId(ap.getAccessPointId()).build());
      LiveBackend.Run deleted = cloud.cli("file-systems", "delete", id);

      assertThat(deleted.status()).as(deleted.err()).isZero();
      assertThat(deleted.out()).contains("DELETED", id);
      assertThat(cloud.cli("file-systems", "list").out()).doesNotContain(id);
    }

    /** The file system a {@code create -o json} printed. */
    private FileSystem created(LiveBackend.Run json) throws Exception {
      assertThat(json.status()).as(json.err()).isZero();
      CreateFileSystemResponse.Builder parsed = CreateFileSystemResponse.newBuilder();
      JsonFormat.parser().merge(json.out(), parsed);
      return parsed.getFileSystem();
    }

    private FileSystem describeFileSystem(String id) {
      return cloud.api().fileSystems()
          .describeFileSystems(DescribeFileSystemsRequest.newBuilder().addFileSystemIds(id).build())
          .getFileSystems(0);
    }

    private FileSystem createFileSystem(String creationToken) {
      return cloud.api().fileSystems()
          .createFileSystem(CreateFileSystemRequest.newBuilder().setCreationToken(creationToken).build())
          .getFileSystem();
    }

    private AccessPoint createAccessPoint(String fileSystemId) {
      return cloud.api().fileSystems().createAccessPoint(CreateAccessPointRequest.newBuilder()
          .setClientToken("ap-1").setFileSystemId(fileSystemId)
          .setPosixUser(PosixUser.newBuilder().setUid(1000).setGid(1000))
          .setRootDirectory(RootDirectory.newBuilder().setPath("/data"))
          .build()).getAccessPoint();
    }

    /** Mounts the file system's root through the zone's mount target; returns the root path. */
    private String mount(String fileSystemId, String zone) {
      return cloud.api().fileSystems()
          .mount(MountRequest.newBuilder().setFileSystemId(fileSystemId).setZone(zone).setNodeId("node-1").build())
          .getRootPath();
    }
  }
}
