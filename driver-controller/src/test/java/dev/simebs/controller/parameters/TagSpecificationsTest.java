package dev.simebs.controller.parameters;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.parameters.VolumeParametersTest.tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagSpecificationsTest {

  @Test
  void tagsComeInTheOrderOfTheirNumbers() {
    assertThat(
            TagSpecifications.parse(
                Map.of("tagSpecification_10", "c=3", "tagSpecification_2", "b=2", "tagSpecification_1", "a=1")))
        .containsExactly(tag("a", "1"), tag("b", "2"), tag("c", "3"));
  }

  @Test
  void valueMayContainEqualsAndBeEmpty() {
    assertThat(TagSpecifications.parse(Map.of("tagSpecification_1", "k=a=b", "tagSpecification_2", "e=")))
        .containsExactly(tag("k", "a=b"), tag("e", ""));
  }

  @Test
  void specificationWithoutKeyIsInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> TagSpecifications.parse(Map.of("tagSpecification_1", "=v")))
        .contains("tagSpecification_1");
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> TagSpecifications.parse(Map.of("tagSpecification_1", "novalue")));
  }

  @Test
  void duplicateKeysAreInvalid() {
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> TagSpecifications.parse(Map.of("tagSpecification_1", "a=1", "tagSpecification_2", "a=2")))
        .contains("\"a\"");
  }

  @Test
  void driverTagKeysAreReserved() {
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> TagSpecifications.parse(Map.of("tagSpecification_1", "ebs.csi.simebs.dev/request=x")))
        .contains("reserved");
  }

  @Test
  void malformedNumberIsNotATagSpecification() {
    assertThat(ParameterKeys.isTagSpecification("tagSpecification_0")).isFalse();
    assertThat(ParameterKeys.isTagSpecification("tagSpecification_x")).isFalse();
    assertThat(ParameterKeys.isTagSpecification("tagspecification_3")).isTrue();
  }
}
