package dev.simebs.cloudcli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.CreateFileSystemResponse;
import dev.simebs.backend.api.DeleteAccessPointRequest;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.PosixUser;
import dev.simebs.backend.api.RootDirectory;
import dev.simebs.backend.api.ThroughputMode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simebs cloud file-systems} against a live backend, its admin API served apart. */
class FileSystemsCommandTest {

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

    FileSystem stored = describe(id);
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
  private static FileSystem created(LiveBackend.Run json) throws Exception {
    assertThat(json.status()).as(json.err()).isZero();
    CreateFileSystemResponse.Builder parsed = CreateFileSystemResponse.newBuilder();
    JsonFormat.parser().merge(json.out(), parsed);
    return parsed.getFileSystem();
  }

  private FileSystem describe(String id) {
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
