package dev.simebs.controller.conformance;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.GIB;
import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_B;
import static dev.simebs.controller.ControllerHarness.block;
import static dev.simebs.controller.ControllerHarness.mount;
import static dev.simebs.controller.ControllerHarness.singleWriterMount;
import static dev.simebs.controller.conformance.CreateVolumeTest.requisite;
import static dev.simebs.controller.conformance.CreateVolumeTest.zone;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerGetVolumeResponse;
import csi.v1.GetCapacityRequest;
import csi.v1.GetCapacityResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCondition;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ValidateVolumeCapabilities, ListVolumes, ControllerGetVolume and GetCapacity. */
class InspectVolumesTest extends ConformanceTest {

  @Test
  void servedCapabilitiesAreConfirmed() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    ValidateVolumeCapabilitiesResponse response =
        h.controller().validateVolumeCapabilities(validate(volumeId).addVolumeCapabilities(singleWriterMount()).build());

    assertThat(response.getConfirmed().getVolumeCapabilitiesList()).containsExactly(singleWriterMount());
  }

  @Test
  void unservedCapabilityIsNotConfirmedAndSaysWhy() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    ValidateVolumeCapabilitiesResponse response =
        h.controller()
            .validateVolumeCapabilities(validate(volumeId).addVolumeCapabilities(block(Mode.MULTI_NODE_MULTI_WRITER)).build());

    assertThat(response.hasConfirmed()).isFalse();
    assertThat(response.getMessage()).contains("MULTI_NODE_MULTI_WRITER");
  }

  @Test
  void invalidParametersAreNotConfirmed() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    ValidateVolumeCapabilitiesResponse response =
        h.controller()
            .validateVolumeCapabilities(
                validate(volumeId).addVolumeCapabilities(singleWriterMount()).putParameters("speed", "fast").build());

    assertThat(response.hasConfirmed()).isFalse();
    assertThat(response.getMessage()).contains("speed");
  }

  @Test
  void validatingAMissingVolumeIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND,
        () -> h.controller().validateVolumeCapabilities(validate("vol-00000000000000000").addVolumeCapabilities(singleWriterMount()).build()));
    assertFailsWith(
        Status.Code.NOT_FOUND,
        () -> h.controller().validateVolumeCapabilities(validate("some-vol-id").addVolumeCapabilities(singleWriterMount()).build()));
  }

  @Test
  void validatingWithoutCapabilitiesOrIdIsInvalid() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.controller().validateVolumeCapabilities(validate(volumeId).build()))
        .contains("volume_capabilities");
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().validateVolumeCapabilities(validate("").addVolumeCapabilities(singleWriterMount()).build()))
        .contains("volume_id");
  }

  @Test
  void listShowsEveryVolumeWithItsNodesAndCondition() {
    String published = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();
    String idle = h.createVolume("pvc-2").getVolumeId();
    h.publish(published, NODE_A);

    ListVolumesResponse response = h.controller().listVolumes(ListVolumesRequest.getDefaultInstance());

    assertThat(response.getEntriesList()).hasSize(2);
    assertThat(response.getNextToken()).isEmpty();
    var byId = response.getEntriesList().stream().collect(java.util.stream.Collectors.toMap(e -> e.getVolume().getVolumeId(), e -> e));
    assertThat(byId.get(published).getStatus().getPublishedNodeIdsList()).containsExactly(NODE_A);
    assertThat(byId.get(idle).getStatus().getPublishedNodeIdsList()).isEmpty();
    assertThat(byId.get(idle).getStatus().getVolumeCondition().getAbnormal()).isFalse();
    assertThat(byId.get(idle).getVolume().getCapacityBytes()).isEqualTo(GIB);
  }

  @Test
  void listPagesWithTokensUntilEveryVolumeWasSeenOnce() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(h.createVolume("pvc-" + i).getVolumeId());
    }

    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListVolumesResponse page =
          h.controller().listVolumes(ListVolumesRequest.newBuilder().setMaxEntries(2).setStartingToken(token).build());
      assertThat(page.getEntriesCount()).isLessThanOrEqualTo(2);
      page.getEntriesList().forEach(e -> seen.add(e.getVolume().getVolumeId()));
      token = page.getNextToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void listPageTokenSurvivesTheDeletionOfTheLastListedVolume() {
    for (int i = 0; i < 3; i++) {
      h.createVolume("pvc-" + i);
    }
    ListVolumesResponse first = h.controller().listVolumes(ListVolumesRequest.newBuilder().setMaxEntries(2).build());
    h.controller().deleteVolume(DeleteVolumeTest.delete(first.getEntries(1).getVolume().getVolumeId()));

    ListVolumesResponse rest =
        h.controller().listVolumes(ListVolumesRequest.newBuilder().setStartingToken(first.getNextToken()).build());

    assertThat(rest.getEntriesList()).hasSize(1);
  }

  @Test
  void invalidStartingTokenIsAborted() {
    assertFailsWith(
        Status.Code.ABORTED, () -> h.controller().listVolumes(ListVolumesRequest.newBuilder().setStartingToken("invalid-token").build()));
  }

  @Test
  void negativeMaxEntriesIsInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.controller().listVolumes(ListVolumesRequest.newBuilder().setMaxEntries(-1).build()));
  }

  @Test
  void getVolumeReportsNodesAndTheBackendsImpairedFlag() {
    String volumeId = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();
    h.publish(volumeId, NODE_A);
    h.admin()
        .setVolumeImpaired(
            SetVolumeImpairedRequest.newBuilder().setVolumeId(volumeId).setImpaired(true).setReason("io stalled").build());

    ControllerGetVolumeResponse response =
        h.controller().controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(volumeId).build());

    assertThat(response.getVolume().getVolumeId()).isEqualTo(volumeId);
    assertThat(response.getStatus().getPublishedNodeIdsList()).containsExactly(NODE_A);
    assertThat(response.getStatus().getVolumeCondition().getAbnormal()).isTrue();
    assertThat(response.getStatus().getVolumeCondition().getMessage()).contains("io stalled");
  }

  @Test
  void volumeWhoseImageIsLostIsAbnormalInGetAndListSayingWhy() throws Exception {
    String source = h.createVolume("source").getVolumeId();
    String clone = h.createVolume("clone", b -> b.setVolumeContentSource(CreateVolumeTest.fromVolume(source))).getVolumeId();
    Files.delete(Path.of(h.backendVolume(clone).getBackingFile()));
    h.restartBackend(); // its reconciliation finds the image gone: the volume is in ERROR

    VolumeCondition got =
        h.controller()
            .controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(clone).build())
            .getStatus()
            .getVolumeCondition();
    VolumeCondition listed =
        h.controller().listVolumes(ListVolumesRequest.getDefaultInstance()).getEntriesList().stream()
            .filter(e -> e.getVolume().getVolumeId().equals(clone))
            .findFirst()
            .orElseThrow()
            .getStatus()
            .getVolumeCondition();

    assertThat(got.getAbnormal()).isTrue();
    assertThat(got.getMessage()).contains("ERROR").contains("image file was missing at start-up");
    assertThat(listed).isEqualTo(got);
  }

  @Test
  void impairedVolumeIsAbnormalInTheListToo() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    h.admin()
        .setVolumeImpaired(
            SetVolumeImpairedRequest.newBuilder().setVolumeId(volumeId).setImpaired(true).setReason("io stalled").build());

    VolumeCondition listed =
        h.controller().listVolumes(ListVolumesRequest.getDefaultInstance()).getEntries(0).getStatus().getVolumeCondition();

    assertThat(listed.getAbnormal()).isTrue();
    assertThat(listed.getMessage()).contains("io stalled");
  }

  @Test
  void getMissingVolumeIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND,
        () -> h.controller().controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId("vol-00000000000000000").build()));
    assertFailsWith(
        Status.Code.NOT_FOUND,
        () -> h.controller().controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId("some-vol-id").build()));
  }

  @Test
  void capacityOfOneZoneShrinksAsVolumesAreCreated() {
    GetCapacityRequest zoneB = GetCapacityRequest.newBuilder().setAccessibleTopology(zone(ZONE_B)).build();
    long before = h.controller().getCapacity(zoneB).getAvailableCapacity();

    h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_B)));

    assertThat(h.controller().getCapacity(zoneB).getAvailableCapacity()).isEqualTo(before - GIB);
  }

  @Test
  void capacityWithoutTopologyIsTheSumOfEveryZone() {
    long a = capacity(GetCapacityRequest.newBuilder().setAccessibleTopology(zone(ZONE_A)).build()).getAvailableCapacity();
    long b = capacity(GetCapacityRequest.newBuilder().setAccessibleTopology(zone(ZONE_B)).build()).getAvailableCapacity();

    GetCapacityResponse all = capacity(GetCapacityRequest.getDefaultInstance());

    assertThat(all.getAvailableCapacity()).isEqualTo(a + b);
    assertThat(all.getMaximumVolumeSize().getValue()).isEqualTo(16_384 * GIB);
    assertThat(all.getMinimumVolumeSize().getValue()).isEqualTo(GIB);
  }

  @Test
  void capacityHonoursTheParametersType() {
    GetCapacityResponse st1 = capacity(GetCapacityRequest.newBuilder().putParameters("type", "st1").build());

    assertThat(st1.getMinimumVolumeSize().getValue()).isEqualTo(125 * GIB);
  }

  @Test
  void capacityOfAnUnknownZoneOrUnservedCapabilityIsZero() {
    assertThat(capacity(GetCapacityRequest.newBuilder().setAccessibleTopology(zone("mars-1")).build()).getAvailableCapacity()).isZero();
    assertThat(
            capacity(GetCapacityRequest.newBuilder().addVolumeCapabilities(mount(Mode.MULTI_NODE_MULTI_WRITER)).build())
                .getAvailableCapacity())
        .isZero();
  }

  @Test
  void capacityWithInvalidParametersIsInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> capacity(GetCapacityRequest.newBuilder().putParameters("type", "floppy").build()));
  }

  private GetCapacityResponse capacity(GetCapacityRequest request) {
    return h.controller().getCapacity(request);
  }

  private static ValidateVolumeCapabilitiesRequest.Builder validate(String volumeId) {
    return ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId(volumeId);
  }
}
