package dev.simebs.common.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {

  @Test
  void lineWithOptionalFieldsAndEscapedSpacesIsParsed() {
    Mount mount =
        MountTable.parse(
            "36 35 7:3 / /var/lib/kubelet/pods/a\\040b/volumes rw,relatime shared:1 master:2 - ext4"
                + " /dev/loop3 rw,seclabel");

    assertThat(mount.mountPoint()).isEqualTo(Path.of("/var/lib/kubelet/pods/a b/volumes"));
    assertThat(mount.major()).isEqualTo(7);
    assertThat(mount.minor()).isEqualTo(3);
    assertThat(mount.fsType()).isEqualTo("ext4");
    assertThat(mount.source()).isEqualTo("/dev/loop3");
    assertThat(mount.readOnly()).isFalse();
  }

  @Test
  void readOnlyBindOfADeviceNodeIsRecognised() {
    Mount mount =
        MountTable.parse(
            "40 24 0:6 /loop12 /k/pods/p/dev ro,nosuid - devtmpfs devtmpfs rw,size=10k");

    assertThat(mount.readOnly()).isTrue();
    assertThat(mount.root()).isEqualTo("/loop12");
  }

  /** A table the node cannot read is the node's own fault: never taken for a bad request. */
  @Test
  void unexpectedLinesAreIllegalStateNamingTheLine() {
    assertThatThrownBy(() -> MountTable.parse("36 35 7:x / /a rw - ext4 /dev/loop3 rw"))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected number in mountinfo line: 36 35 7:x");
    assertThatThrownBy(() -> MountTable.parse("36 35 7 / /a rw - ext4 /dev/loop3 rw"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unexpected mountinfo line");
  }

  @Test
  void aMountIsFoundByItsId(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path info = dir.resolve("mountinfo");
    Files.writeString(
        info,
        "36 35 7:3 / /a rw - ext4 /dev/loop3 rw\n37 36 7:4 / /a/b rw - xfs /dev/loop4 rw\n");
    var mounts = new MountTable(info).read();

    assertThat(MountTable.withId(mounts, 37).orElseThrow().mountPoint()).isEqualTo(Path.of("/a/b"));
    assertThat(MountTable.withId(mounts, 99)).isEmpty();
  }

  @Test
  void backslashItselfIsUnescaped() {
    assertThat(MountTable.unescape("a\\134b\\011c")).isEqualTo("a\\b\tc");
  }
}
