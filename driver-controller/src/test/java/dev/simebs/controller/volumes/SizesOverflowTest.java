package dev.simebs.controller.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizesOverflowTest {

  @Test
  void roundingUpTheLargestByteCountDoesNotOverflow() {
    assertThat(Sizes.gibRoundedUp(Long.MAX_VALUE)).isEqualTo(8_589_934_592L);
  }

  @Test
  void roundingUpIsExactAtGibBoundaries() {
    assertThat(Sizes.gibRoundedUp(0)).isZero();
    assertThat(Sizes.gibRoundedUp(1)).isEqualTo(1);
    assertThat(Sizes.gibRoundedUp(Sizes.GIB)).isEqualTo(1);
    assertThat(Sizes.gibRoundedUp(Sizes.GIB + 1)).isEqualTo(2);
  }
}
