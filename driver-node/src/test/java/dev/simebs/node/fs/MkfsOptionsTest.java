package dev.simebs.node.fs;

import static dev.simebs.node.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MkfsOptionsTest {

  @Test
  void extOptionsBecomeMke2fsFlags() {
    MkfsOptions options =
        MkfsOptions.from(
            Map.of(
                "blockSize",
                "4096",
                "inodeSize",
                "512",
                "bytesPerInode",
                "16384",
                "numberOfInodes",
                "1000"));

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
    MkfsOptions options = MkfsOptions.from(Map.of("blockSize", "1024", "inodeSize", "512"));

    assertThat(options.command(FsType.XFS, "/dev/loop7", true))
        .containsExactly("mkfs.xfs", "-q", "-b", "size=1024", "-i", "size=512", "/dev/loop7");
  }

  @Test
  void inodeRatioDoesNotApplyToXfs() {
    MkfsOptions options = MkfsOptions.from(Map.of("bytesPerInode", "16384"));

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "bytesPerInode does not apply to xfs",
        () -> options.command(FsType.XFS, "/dev/loop7", false));
  }

  @Test
  void negativeSizeIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "blockSize must be a positive integer",
        () -> MkfsOptions.from(Map.of("blockSize", "-1")));
  }
}
