package dev.simebs.controller.parameters;

import static dev.simebs.common.testing.DomainAssertions.assertInvalid;
import static dev.simebs.controller.parameters.VolumeParametersTest.tag;
import static org.assertj.core.api.Assertions.assertThat;

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
    assertInvalid(() -> TagSpecifications.parse(Map.of("tagSpecification_1", "=v")))
        .contains("tagSpecification_1");
    assertInvalid(() -> TagSpecifications.parse(Map.of("tagSpecification_1", "novalue")));
  }

  @Test
  void duplicateKeysAreInvalid() {
    assertInvalid(() -> TagSpecifications.parse(Map.of("tagSpecification_1", "a=1", "tagSpecification_2", "a=2")))
        .contains("\"a\"");
  }

  @Test
  void driverTagKeysAreReserved() {
    assertInvalid(() -> TagSpecifications.parse(Map.of("tagSpecification_1", "ebs.csi.simebs.dev/request=x")))
        .contains("reserved");
  }

  @Test
  void malformedNumberIsNotATagSpecification() {
    assertThat(ParameterKeys.isTagSpecification("tagSpecification_0")).isFalse();
    assertThat(ParameterKeys.isTagSpecification("tagSpecification_x")).isFalse();
    assertThat(ParameterKeys.isTagSpecification("tagspecification_3")).isTrue();
  }
}
