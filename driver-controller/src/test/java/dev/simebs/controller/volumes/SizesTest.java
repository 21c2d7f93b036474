package dev.simebs.controller.volumes;

import static dev.simebs.common.testing.DomainAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import dev.simebs.common.errors.ControllerRefusal.Reason;
import dev.simebs.controller.parameters.VolumeTypeRules;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SizesTest {

  private static final long GIB = Sizes.GIB;
  private static final VolumeTypeRules GP3 = VolumeTypeRules.GP3;
  private static final VolumeTypeRules ST1 = VolumeTypeRules.ST1;

  @Test
  void requiredBytesRoundUpToWholeGib() {
    assertThat(size(range(GIB + 1, 0), GP3, 0)).isEqualTo(2);
    assertThat(size(range(GIB, 0), GP3, 0)).isEqualTo(1);
  }

  @Test
  void noRangeGivesTheTypesSmallestVolume() {
    assertThat(size(range(0, 0), GP3, 0)).isEqualTo(1);
    assertThat(size(range(0, 0), ST1, 0)).isEqualTo(125);
  }

  @Test
  void limitBelowTheRoundedSizeIsOutOfRange() {
    assertRefused(Reason.SIZE_OUT_OF_RANGE, () -> size(range(GIB + 1, GIB + 100), GP3, 0)).contains("limit_bytes");
  }

  @Test
  void requiredAboveLimitIsOutOfRange() {
    assertRefused(Reason.SIZE_OUT_OF_RANGE, () -> size(range(3 * GIB, 2 * GIB), GP3, 0));
  }

  @Test
  void sizeAboveTheTypesLargestIsOutOfRange() {
    assertRefused(Reason.SIZE_OUT_OF_RANGE, () -> size(range(20_000 * GIB, 0), GP3, 0)).contains("16384");
  }

  @Test
  void sourceLargerThanRequestedIsOutOfRange() {
    assertRefused(Reason.SIZE_OUT_OF_RANGE, () -> size(range(GIB, 0), GP3, 2)).contains("content source");
  }

  @Test
  void sourceSizeIsUsedWhenNothingIsRequested() {
    assertThat(size(range(0, 0), GP3, 3)).isEqualTo(3);
  }

  @Test
  void sourceAboveTheLimitIsOutOfRange() {
    assertRefused(Reason.SIZE_OUT_OF_RANGE, () -> size(range(0, 2 * GIB), GP3, 3));
  }

  @Test
  void iopsBeyondWhatTheSizeCarriesMakeTheVolumeLarger() {
    assertThat(Sizes.forNewVolume(range(GIB, 0), GP3, GP3.smallestSizeFor(OptionalInt.of(4000)), 0)).isEqualTo(8);
    assertThat(Sizes.forNewVolume(range(GIB, 0), GP3, GP3.smallestSizeFor(OptionalInt.of(3000)), 0)).isEqualTo(1);
    assertThat(Sizes.forNewVolume(range(GIB, 0), VolumeTypeRules.IO1, VolumeTypeRules.IO1.smallestSizeFor(OptionalInt.of(1000)), 0))
        .isEqualTo(20);
  }

  @Test
  void iopsThatNeedMoreThanTheLimitAllowsAreOutOfRange() {
    assertRefused(
            Reason.SIZE_OUT_OF_RANGE,
            () -> Sizes.forNewVolume(range(GIB, 4 * GIB), GP3, GP3.smallestSizeFor(OptionalInt.of(4000)), 0))
        .contains("limit_bytes");
  }

  private static long size(CapacityRange range, VolumeTypeRules type, long sourceGiB) {
    return Sizes.forNewVolume(range, type, type.sizeGiB().min(), sourceGiB);
  }

  private static CapacityRange range(long required, long limit) {
    return CapacityRange.newBuilder().setRequiredBytes(required).setLimitBytes(limit).build();
  }
}
