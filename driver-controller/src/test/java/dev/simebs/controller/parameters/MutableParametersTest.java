package dev.simebs.controller.parameters;

import static dev.simebs.common.testing.DomainAssertions.assertInvalid;
import static dev.simebs.controller.parameters.VolumeParametersTest.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MutableParametersTest {

  @Test
  void typeIopsThroughputAndTagsAreMutable() {
    MutableParameters p =
        MutableParameters.parse(
            Map.of("type", "gp3", "iops", "6000", "throughput", "500", "tagSpecification_1", "tier=gold"), "m");

    assertThat(p.type()).hasValue(VolumeTypeRules.GP3);
    assertThat(p.iops()).hasValue(6000);
    assertThat(p.throughput()).hasValue(500);
    assertThat(p.tags()).containsExactly(tag("tier", "gold"));
  }

  @Test
  void otherKeysAreInvalidAndNamed() {
    assertInvalid(() -> MutableParameters.parse(Map.of("blockSize", "4096"), "mutable_parameters"))
        .contains("blockSize")
        .contains("mutable_parameters");
  }

  @Test
  void checkAgainstTheTargetTypeNamesTheBound() {
    MutableParameters p = MutableParameters.parse(Map.of("iops", "70000"), "m");

    assertInvalid(() -> p.checkAgainst(VolumeTypeRules.IO1)).contains("64000");
    p.checkAgainst(VolumeTypeRules.IO2);
  }

  @Test
  void emptyMeansNothingToChange() {
    assertThat(MutableParameters.parse(Map.of(), "m").isEmpty()).isTrue();
  }
}
