package dev.simebs.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  private static long[] oneToHundred() {
    return LongStream.rangeClosed(1, 100).toArray();
  }

  @Test
  void nearestRankOfOneToHundredIsThePercentItself() {
    long[] sorted = oneToHundred();
    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(sorted, 90)).isEqualTo(90);
    assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(99);
    assertThat(Percentiles.nearestRank(sorted, 100)).isEqualTo(100);
  }

  @Test
  void nearestRankRoundsTheRankUpToARealSample() {
    long[] sorted = {10, 20, 30, 40};
    // 50% of 4 samples is rank 2; 90% is rank 3.6, rounded up to 4.
    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(20);
    assertThat(Percentiles.nearestRank(sorted, 90)).isEqualTo(40);
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    LatencySummary summary = Percentiles.summarise(new long[] {7_000_000});
    assertThat(summary.p50Ms()).isEqualTo(7.0);
    assertThat(summary.p99Ms()).isEqualTo(7.0);
    assertThat(summary.maxMs()).isEqualTo(7.0);
    assertThat(summary.minMs()).isEqualTo(7.0);
  }

  @Test
  void summariseSortsUnorderedNanosAndReportsMillis() {
    long[] nanos = {5_000_000, 1_000_000, 3_000_000, 2_000_000, 4_000_000};
    LatencySummary summary = Percentiles.summarise(nanos);
    assertThat(summary.samples()).isEqualTo(5);
    assertThat(summary.p50Ms()).isEqualTo(3.0);
    assertThat(summary.p90Ms()).isEqualTo(5.0);
    assertThat(summary.maxMs()).isEqualTo(5.0);
    assertThat(summary.minMs()).isEqualTo(1.0);
    assertThat(summary.meanMs()).isCloseTo(3.0, within(1e-9));
  }

  @Test
  void p99OfAThousandSamplesIgnoresOnlyTheTopTen() {
    long[] nanos = LongStream.rangeClosed(1, 1000).map(n -> n * 1_000_000).toArray();
    LatencySummary summary = Percentiles.summarise(nanos);
    assertThat(summary.p99Ms()).isEqualTo(990.0);
    assertThat(summary.maxMs()).isEqualTo(1000.0);
  }

  @Test
  void noSamplesSummariseToEmpty() {
    assertThat(Percentiles.summarise(new long[0])).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void percentOutsideZeroToHundredIsRejected() {
    assertThatThrownBy(() -> Percentiles.nearestRank(oneToHundred(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.nearestRank(oneToHundred(), 100.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
