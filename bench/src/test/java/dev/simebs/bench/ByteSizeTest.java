package dev.simebs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void binarySuffixesArePowersOfTwo() {
    assertThat(ByteSize.parse("1Gi")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("512Mi")).isEqualTo(512L << 20);
    assertThat(ByteSize.parse("10Gi")).isEqualTo(10L << 30);
  }

  @Test
  void decimalSuffixesArePowersOfTen() {
    assertThat(ByteSize.parse("2G")).isEqualTo(2_000_000_000L);
    assertThat(ByteSize.parse("500M")).isEqualTo(500_000_000L);
  }

  @Test
  void aPlainNumberIsBytes() {
    assertThat(ByteSize.parse("4096")).isEqualTo(4096);
  }

  @Test
  void anUnknownUnitIsRejected() {
    assertThatThrownBy(() -> ByteSize.parse("1GB")).hasMessageContaining("unknown size unit");
    assertThatThrownBy(() -> ByteSize.parse("Gi")).hasMessageContaining("number");
  }

  @Test
  void csvIsWrittenBesideTheJsonWithTheSameName() {
    assertThat(BenchCommand.csvBeside(Path.of("/r/results.json"))).isEqualTo(Path.of("/r/results.csv"));
    assertThat(BenchCommand.csvBeside(Path.of("out"))).isEqualTo(Path.of("out.csv"));
  }
}
