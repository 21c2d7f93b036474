package dev.simebs.node.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.fs.FsType;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MkfsOptionsTest {

  @Test
  void extOptionsBecomeMke2fsFlags() {
    MkfsOptions options =
        new MkfsOptions(
            OptionalLong.of(4096), OptionalLong.of(512), OptionalLong.of(16384), OptionalLong.of(1000));

    assertThat(options.command(FsType.EXT4, "/dev/loop7", false))
        .containsExactly(
            "mkfs.ext4",
            "-q",
            "-b",
            "4096",
            "-I",
            "512",
            "-i",
            "16384",
            "-N",
            "1000",
            "/dev/loop7");
  }

  @Test
  void deviceThatReadsZeroSkipsZeroingOnExt() {
    assertThat(MkfsOptions.none().command(FsType.EXT3, "/dev/loop7", true))
        .containsExactly("mkfs.ext3", "-q", "-E", "assume_storage_prezeroed=1", "/dev/loop7");
  }

  @Test
  void xfsTakesBlockAndInodeSizes() {
    MkfsOptions options =
        new MkfsOptions(
            OptionalLong.of(1024), OptionalLong.of(512), OptionalLong.empty(), OptionalLong.empty());

    assertThat(options.command(FsType.XFS, "/dev/loop7", true))
        .containsExactly("mkfs.xfs", "-q", "-b", "size=1024", "-i", "size=512", "/dev/loop7");
  }
}
