package dev.simebs.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI (Debian's awscli) against the EC2 API, typed as a user would, with the CLI's own
 * waiter. Skipped, saying so, where no {@code aws} is installed (.ci/run installs it).
 */
class AwsCliTest {

  @TempDir Path dir;
  Ec2Cloud cloud;
  AwsCli aws;

  @BeforeEach
  void start() throws Exception {
    Optional<Path> binary = AwsCli.find();
    assumeTrue(binary.isPresent(), "needs the AWS CLI (apt-get install awscli)");
    cloud = Ec2Cloud.start(dir.resolve("data"));
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "[default]\naws_access_key_id = " + Ec2Cloud.WRITER.id()
        + "\naws_secret_access_key = " + Ec2Cloud.WRITER.secret() + "\n");
    Path home = Files.createDirectories(dir.resolve("home"));
    aws = new AwsCli(binary.get(), home, credentials, cloud.endpoint().toString());
  }

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  @Test
  void createAttachSnapshotAndWaitAsAUserTypesIt() throws Exception {
    AwsCli.Result empty = aws.ec2("describe-volumes");
    assertThat(empty.exitCode()).as(empty.stderr()).isZero();
    assertThat(empty.stdout()).contains("\"Volumes\": []");

    String volumeId = ok(aws.ec2("create-volume", "--availability-zone", "sim-a", "--size", "1",
        "--volume-type", "gp3", "--tag-specifications",
        "ResourceType=volume,Tags=[{Key=owner,Value=cli}]", "--query", "VolumeId",
        "--output", "text"));
    assertThat(volumeId).matches("vol-[0-9a-f]{17}");

    String instanceId = Ec2Cloud.instanceOf(Ec2Cloud.NODE_A);
    assertThat(ok(aws.ec2("attach-volume", "--volume-id", volumeId, "--instance-id",
        instanceId, "--device", "/dev/sdf", "--query", "State", "--output", "text")))
        .isIn("attaching", "attached");
    assertThat(ok(aws.ec2("describe-volumes", "--filters",
        "Name=attachment.instance-id,Values=" + instanceId, "Name=tag:owner,Values=cli",
        "--query", "Volumes[].VolumeId", "--output", "text"))).isEqualTo(volumeId);

    cloud.simulate(SimulationConfig.newBuilder().addLatencies(LatencyRule.newBuilder()
        .setOperation("CreateSnapshot").setMinMillis(2000).setMaxMillis(2000)).build());
    String[] snapshot = ok(aws.ec2("create-snapshot", "--volume-id", volumeId,
        "--description", "from the cli", "--query", "[SnapshotId,State]", "--output", "text"))
        .split("\t");
    assertThat(snapshot[1]).isEqualTo("pending");
    String snapshotId = snapshot[0];

    ok(aws.ec2("wait", "snapshot-completed", "--snapshot-ids", snapshotId));

    assertThat(ok(aws.ec2("describe-snapshots", "--owner-ids", "self", "--snapshot-ids",
        snapshotId, "--query", "Snapshots[0].[State,Progress]", "--output", "text")))
        .isEqualTo("completed\t100%");
  }

  @Test
  void errorsReachTheUserWithEc2sCodes() throws Exception {
    AwsCli.Result missing = aws.ec2("delete-volume", "--volume-id", "vol-00000000000000000");

    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("InvalidVolume.NotFound");
  }

  private static String ok(AwsCli.Result result) {
    assertThat(result.exitCode()).as("aws failed: %s", result.stderr()).isZero();
    return result.out();
  }
}
