package dev.simebs.controller.volumes;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import dev.simebs.controller.parameters.IntRange;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class SizesTest {

  private static final long GIB = Sizes.GIB;
  private static final IntRange GP3 = new IntRange(1, 16_384);
  private static final IntRange ST1 = new IntRange(125, 16_384);

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
    assertFailsWith(Status.Code.OUT_OF_RANGE, () -> size(range(GIB + 1, GIB + 100), GP3, 0)).contains("limit_bytes");
  }

  @Test
  void requiredAboveLimitIsOutOfRange() {
    assertFailsWith(Status.Code.OUT_OF_RANGE, () -> size(range(3 * GIB, 2 * GIB), GP3, 0));
  }

  @Test
  void sizeAboveTheTypesLargestIsOutOfRange() {
    assertFailsWith(Status.Code.OUT_OF_RANGE, () -> size(range(20_000 * GIB, 0), GP3, 0)).contains("16384");
  }

  @Test
  void sourceLargerThanRequestedIsOutOfRange() {
    assertFailsWith(Status.Code.OUT_OF_RANGE, () -> size(range(GIB, 0), GP3, 2)).contains("content source");
  }

  @Test
  void sourceSizeIsUsedWhenNothingIsRequested() {
    assertThat(size(range(0, 0), GP3, 3)).isEqualTo(3);
  }

  @Test
  void sourceAboveTheLimitIsOutOfRange() {
    assertFailsWith(Status.Code.OUT_OF_RANGE, () -> size(range(0, 2 * GIB), GP3, 3));
  }

  @Test
  void negativeBytesAreInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> size(range(-1, 0), GP3, 0));
  }

  private static long size(CapacityRange range, IntRange type, long sourceGiB) {
    return Sizes.forNewVolume(range, type, sourceGiB, "gp3");
  }

  private static CapacityRange range(long required, long limit) {
    return CapacityRange.newBuilder().setRequiredBytes(required).setLimitBytes(limit).build();
  }
}
