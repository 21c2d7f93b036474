package dev.simebs.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.ThrottleRule;
import dev.simebs.ec2.auth.AccessKey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * Every EC2 error code SimEBS answers with, provoked for real through the AWS SDK (or, where an
 * SDK would not send such a request, a hand-signed one), with EC2's HTTP status.
 */
class Ec2ErrorCodesTest {

  static final String NO_VOLUME = "vol-00000000000000000";

  @TempDir Path dataDir;
  Ec2Cloud cloud;
  Ec2Client ec2;

  @BeforeEach
  void start() throws Exception {
    cloud = Ec2Cloud.start(Ec2Cloud.withSmallZone(dataDir));
    ec2 = cloud.client();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  /** Asserts the SDK saw {@code code} with {@code status}, and returns the message. */
  static String fails(Runnable call, String code, int status) {
    Ec2Exception e = catchThrowableOfType(Ec2Exception.class, call::run);
    assertThat(e).as("expected %s", code).isNotNull();
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    assertThat(e.statusCode()).isEqualTo(status);
    return e.awsErrorDetails().errorMessage();
  }

  private String volume(String zone, int size) {
    return ec2.createVolume(r -> r.availabilityZone(zone).size(size)).volumeId();
  }

  private void attach(String volumeId, String node) {
    ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(Ec2Cloud.instanceOf(node))
        .device("/dev/sdf"));
  }

  @Test
  void unknownVolumeIsInvalidVolumeNotFound() {
    assertThat(fails(() -> ec2.describeVolumes(r -> r.volumeIds(NO_VOLUME)),
        "InvalidVolume.NotFound", 400)).contains(NO_VOLUME);
  }

  @Test
  void malformedVolumeIdIsInvalidVolumeIdMalformed() {
    fails(() -> ec2.deleteVolume(r -> r.volumeId("vol-../../etc")),
        "InvalidVolumeID.Malformed", 400);
  }

  @Test
  void attachToAnInstanceInAnotherZoneIsZoneMismatch() {
    String volumeId = volume("sim-b", 1);

    fails(() -> attach(volumeId, Ec2Cloud.NODE_A), "InvalidVolume.ZoneMismatch", 400);
  }

  @Test
  void unknownInstanceIsInvalidInstanceIdNotFound() {
    String volumeId = volume("sim-a", 1);

    fails(() -> ec2.attachVolume(r -> r.volumeId(volumeId).instanceId("i-0123456789abcdef0")
        .device("/dev/sdf")), "InvalidInstanceID.NotFound", 400);
  }

  @Test
  void unknownSnapshotIsInvalidSnapshotNotFound() {
    fails(() -> ec2.deleteSnapshot(r -> r.snapshotId("snap-00000000000000000")),
        "InvalidSnapshot.NotFound", 400);
  }

  @Test
  void deletingAnAttachedVolumeIsVolumeInUse() {
    String volumeId = volume("sim-a", 1);
    attach(volumeId, Ec2Cloud.NODE_A);

    fails(() -> ec2.deleteVolume(r -> r.volumeId(volumeId)), "VolumeInUse", 400);
  }

  @Test
  void detachingAVolumeAttachedNowhereIsIncorrectState() {
    String volumeId = volume("sim-a", 1);

    assertThat(fails(() -> ec2.detachVolume(r -> r.volumeId(volumeId)), "IncorrectState", 400))
        .contains("'available'");
  }

  @Test
  void attachingAVolumeStillCreatingIsIncorrectState() {
    cloud.simulate(SimulationConfig.newBuilder().addLatencies(LatencyRule.newBuilder()
        .setOperation("CreateVolume").setMinMillis(600_000).setMaxMillis(600_000)).build());
    String volumeId = volume("sim-a", 1);

    fails(() -> attach(volumeId, Ec2Cloud.NODE_A), "IncorrectState", 400);
  }

  @Test
  void modifyingAVolumeBeingModifiedIsIncorrectModificationState() {
    String volumeId = volume("sim-a", 1);
    cloud.simulate(SimulationConfig.newBuilder().addLatencies(LatencyRule.newBuilder()
        .setOperation("ModifyVolume").setMinMillis(600_000).setMaxMillis(600_000)).build());
    ec2.modifyVolume(r -> r.volumeId(volumeId).size(2));

    fails(() -> ec2.modifyVolume(r -> r.volumeId(volumeId).size(3)),
        "IncorrectModificationState", 400);
  }

  @Test
  void modifyingWithinTheCooldownIsVolumeModificationRateExceeded() {
    String volumeId = volume("sim-a", 1);
    cloud.simulate(SimulationConfig.newBuilder().setModificationCooldownSeconds(3600).build());
    ec2.modifyVolume(r -> r.volumeId(volumeId).size(2));

    fails(() -> ec2.modifyVolume(r -> r.volumeId(volumeId).size(3)),
        "VolumeModificationRateExceeded", 400);
  }

  @Test
  void attachingPastTheInstancesLimitIsAttachmentLimitExceeded() {
    cloud.backend().registerNode(RegisterNodeRequest.newBuilder().setNodeId("node-small")
        .setZone("sim-a").setAttachmentLimit(1).build());
    attach(volume("sim-a", 1), "node-small");
    String second = volume("sim-a", 1);

    fails(() -> attach(second, "node-small"), "AttachmentLimitExceeded", 400);
  }

  @Test
  void creatingPastTheStorageQuotaIsVolumeLimitExceeded() {
    cloud.simulate(SimulationConfig.newBuilder().setStorageQuotaGib(5).build());
    volume("sim-a", 4);

    fails(() -> volume("sim-b", 2), "VolumeLimitExceeded", 400);
  }

  @Test
  void aFullZoneIsInsufficientVolumeCapacity() {
    fails(() -> volume("sim-small", 11), "InsufficientVolumeCapacity", 503);
  }

  @Test
  void throttledCallIsRequestLimitExceeded() {
    cloud.simulate(SimulationConfig.newBuilder().addThrottles(ThrottleRule.newBuilder()
        .setOperation("DescribeVolumes").setRefillPerSecond(0.001).setBurst(1)).build());
    ec2.describeVolumes();

    fails(ec2::describeVolumes, "RequestLimitExceeded", 503);
  }

  @Test
  void sameClientTokenWithOtherParametersIsIdempotentParameterMismatch() {
    String first = ec2.createVolume(r -> r.availabilityZone("sim-a").size(1).clientToken("t-1"))
        .volumeId();
    assertThat(ec2.createVolume(r -> r.availabilityZone("sim-a").size(1).clientToken("t-1"))
        .volumeId()).isEqualTo(first);

    fails(() -> ec2.createVolume(r -> r.availabilityZone("sim-a").size(2).clientToken("t-1")),
        "IdempotentParameterMismatch", 400);
  }

  @Test
  void valuesTheRulesRefuseAreInvalidParameterValue() {
    assertThat(fails(() -> ec2.createVolume(r -> r.availabilityZone("sim-a").size(10)
        .volumeType(VolumeType.GP3).iops(6000)), "InvalidParameterValue", 400))
        .contains("iops");
    fails(() -> ec2.createVolume(r -> r.availabilityZone("sim-a").size(1)
        .volumeType("standard")), "InvalidParameterValue", 400);
    fails(() -> ec2.createVolume(r -> r.availabilityZone("nowhere").size(1)),
        "InvalidParameterValue", 400);
  }

  @Test
  void iopsForGp2IsInvalidParameterCombination() {
    fails(() -> ec2.createVolume(r -> r.availabilityZone("sim-a").size(10)
        .volumeType(VolumeType.GP2).iops(300)), "InvalidParameterCombination", 400);
  }

  @Test
  void maxResultsWithVolumeIdsIsInvalidParameterCombination() {
    String volumeId = volume("sim-a", 1);

    fails(() -> ec2.describeVolumes(r -> r.volumeIds(volumeId).maxResults(5)),
        "InvalidParameterCombination", 400);
  }

  @Test
  void createWithoutSizeOrSnapshotIsMissingParameter() {
    fails(() -> ec2.createVolume(r -> r.availabilityZone("sim-a")), "MissingParameter", 400);
  }

  @Test
  void aReadOnlyKeyMayDescribeButNotCreate() {
    Ec2Client reader = cloud.client(Ec2Cloud.READER);

    assertThat(reader.describeVolumes().volumes()).isEmpty();
    fails(() -> reader.createVolume(r -> r.availabilityZone("sim-a").size(1)),
        "UnauthorizedOperation", 403);
    fails(() -> reader.createVolume(r -> r.availabilityZone("sim-a").size(1).dryRun(true)),
        "UnauthorizedOperation", 403);
  }

  @Test
  void dryRunOfAPermittedCallIsDryRunOperationAndChangesNothing() {
    fails(() -> ec2.createVolume(r -> r.availabilityZone("sim-a").size(1).dryRun(true)),
        "DryRunOperation", 412);

    assertThat(ec2.describeVolumes().volumes()).isEmpty();
  }

  @Test
  void anUnknownAccessKeyIsAuthFailure() {
    fails(() -> cloud.client("AKIANOSUCHKEY0000000", "whatever").describeVolumes(),
        "AuthFailure", 400);
  }

  @Test
  void aRequestSignedWithAnotherSecretIsSignatureDoesNotMatch() {
    fails(() -> cloud.client(Ec2Cloud.WRITER.id(), "not-the-secret").describeVolumes(),
        "SignatureDoesNotMatch", 403);
  }

  @Test
  void aBodyChangedAfterSigningIsSignatureDoesNotMatch() throws Exception {
    SignedRequests raw = new SignedRequests(cloud.endpoint());
    String signed = SignedRequests.form(Map.of("Action", "DescribeVolumes",
        "Version", "2016-11-15"));
    String sent = SignedRequests.form(Map.of("Action", "DeleteVolume", "Version", "2016-11-15",
        "VolumeId", volume("sim-a", 1)));

    HttpResponse<String> answer = raw.post(signed, Ec2Cloud.WRITER, Instant.now(), sent);

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    assertThat(ec2.describeVolumes().volumes()).hasSize(1);
  }

  @Test
  void aRequestSignedMoreThanFiveMinutesAgoIsRequestExpired() throws Exception {
    SignedRequests raw = new SignedRequests(cloud.endpoint());
    String body = SignedRequests.form(Map.of("Action", "DescribeVolumes",
        "Version", "2016-11-15"));

    HttpResponse<String> stale = raw.post(body, Ec2Cloud.WRITER,
        Instant.now().minus(Duration.ofMinutes(6)), body);
    HttpResponse<String> future = raw.post(body, Ec2Cloud.WRITER,
        Instant.now().plus(Duration.ofMinutes(6)), body);
    HttpResponse<String> fresh = raw.post(body, Ec2Cloud.WRITER);

    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("<Code>RequestExpired</Code>");
    assertThat(future.body()).contains("<Code>RequestExpired</Code>");
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.body()).contains("<DescribeVolumesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">");
  }

  @Test
  void anUnsignedRequestIsMissingAuthenticationToken() throws Exception {
    HttpResponse<String> answer = new SignedRequests(cloud.endpoint()).unsigned(
        SignedRequests.form(Map.of("Action", "DescribeVolumes", "Version", "2016-11-15")));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("<Response><Errors><Error><Code>"
        + "MissingAuthenticationToken</Code>").contains("<RequestID>");
  }

  @Test
  void unknownActionsAndParametersAreRefusedByName() throws Exception {
    SignedRequests raw = new SignedRequests(cloud.endpoint());
    AccessKey key = Ec2Cloud.WRITER;

    assertThat(raw.post(SignedRequests.form(Map.of("Action", "RunInstances",
        "Version", "2016-11-15")), key).body()).contains("<Code>InvalidAction</Code>");
    assertThat(raw.post(SignedRequests.form(Map.of("Action", "DescribeVolumes",
        "Version", "2016-11-15", "Colour", "red")), key).body())
        .contains("<Code>UnknownParameter</Code>").contains("Colour");
    assertThat(raw.post(SignedRequests.form(Map.of("Action", "DescribeVolumes")), key).body())
        .contains("<Code>MissingParameter</Code>").contains("Version");
  }
}
