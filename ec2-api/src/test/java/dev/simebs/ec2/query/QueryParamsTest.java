package dev.simebs.ec2.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

  @Test
  void listsAndStructuresAreReadInIndexOrder() {
    QueryParams p = QueryParams.parse("Action=DescribeVolumes&VolumeId.10=vol-c&VolumeId.2=vol-b"
        + "&VolumeId.1=vol-a&Filter.1.Name=tag%3Ateam&Filter.1.Value.2=b&Filter.1.Value.1=a+b");

    assertThat(p.list("VolumeId")).containsExactly("vol-a", "vol-b", "vol-c");
    assertThat(FilterParameters.read(p, Set.of(), true)).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("tag:team");
      assertThat(f.values()).containsExactly("a b", "b");
    });
    assertThat(p.topLevelNames()).containsExactly("Action", "Filter", "VolumeId");
  }

  @Test
  void aParameterGivenTwiceIsRefused() {
    assertThatThrownBy(() -> QueryParams.parse("Size=1&Size=2"))
        .isInstanceOf(Ec2Exception.class).hasMessageContaining("Size");
  }

  @Test
  void numbersAndFlagsAreChecked() {
    QueryParams p = QueryParams.parse("Size=ten&Encrypted=yes");

    assertThatThrownBy(() -> p.optionalLong("Size")).isInstanceOf(Ec2Exception.class)
        .hasMessageContaining("ten");
    assertThatThrownBy(() -> p.flag("Encrypted")).isInstanceOf(Ec2Exception.class)
        .hasMessageContaining("yes");
    assertThat(p.flag("DryRun")).isFalse();
  }

  @Test
  void unknownFilterNamesAreInvalidParameterValue() {
    QueryParams p = QueryParams.parse("Filter.1.Name=colour&Filter.1.Value.1=red");

    assertThatThrownBy(() -> FilterParameters.read(p, Set.of("status"), true))
        .isInstanceOfSatisfying(Ec2Exception.class, e ->
            assertThat(e.code()).isEqualTo(Ec2ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("colour");
  }
}
