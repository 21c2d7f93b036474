package dev.simebs.common.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.common.testing.HostRequirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opening paths without links and mounting by file descriptor, with the newest calls and with the
 * calls of kernels before 5.2 (which the node falls back to when the kernel lacks the new ones).
 */
class FileDescriptorCallsTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "newest APIs: {0}")
  @ValueSource(booleans = {true, false})
  void aLinkAtAnyPositionOfAPathIsRefused(boolean newest) throws IOException {
    LinuxSystem system = new LinuxSystem(newest);
    Path real = Files.createDirectories(dir.resolve("real/sub/leaf"));
    Files.createSymbolicLink(dir.resolve("first"), dir.resolve("real"));
    Files.createSymbolicLink(real.getParent().resolve("middle"), real);
    Files.createSymbolicLink(real.resolve("last"), Path.of("/etc"));

    for (Path linked :
        List.of(
            dir.resolve("first/sub/leaf"),
            dir.resolve("real/sub/middle"),
            dir.resolve("real/sub/leaf/last"))) {
      assertThatThrownBy(() -> system.open(linked).close())
          .isInstanceOfSatisfying(
              SystemCallException.class, e -> assertThat(e.errno()).isEqualTo(LinuxSystem.ELOOP));
    }
    try (PathHandle handle = system.open(real)) {
      assertThat(handle.kind()).isEqualTo(PathHandle.FileKind.DIRECTORY);
      assertThat(handle.path()).isEqualTo(real);
    }
  }

  @ParameterizedTest(name = "newest APIs: {0}")
  @ValueSource(booleans = {true, false})
  void missingAndNonDirectoryComponentsHaveTheirErrno(boolean newest) throws IOException {
    LinuxSystem system = new LinuxSystem(newest);
    Files.createFile(dir.resolve("file"));

    assertThatThrownBy(() -> system.open(dir.resolve("missing/x")).close())
        .isInstanceOfSatisfying(
            SystemCallException.class, e -> assertThat(e.errno()).isEqualTo(LinuxSystem.ENOENT));
    assertThatThrownBy(() -> system.open(dir.resolve("file/x")).close())
        .isInstanceOfSatisfying(
            SystemCallException.class, e -> assertThat(e.errno()).isEqualTo(LinuxSystem.ENOTDIR));
  }

  @ParameterizedTest(name = "newest APIs: {0}")
  @ValueSource(booleans = {true, false})
  void readOnlyBindIsReadOnlyAndUnmountsThroughItsDirectory(boolean newest) throws IOException {
    HostRequirements.assumeLoopDevicesAndMount();
    LinuxSystem system = new LinuxSystem(newest);
    Path source = Files.createDirectories(dir.resolve("source"));
    Files.writeString(source.resolve("hello"), "hi");
    Path target = Files.createDirectories(dir.resolve("target"));
    try (PathHandle from = system.open(source);
        PathHandle parent = system.open(dir);
        PathHandle to = system.openChild(parent, "target")) {
      system.bind(from, to, parent, "target", EnumSet.of(MountFlag.READ_ONLY, MountFlag.NO_EXEC));
      try {
        Mount mount = MountTable.ofThisProcess().at(target).orElseThrow();
        assertThat(mount.mountOptions()).contains("ro").contains("noexec");
        assertThat(Files.readString(target.resolve("hello"))).isEqualTo("hi");
        assertThatThrownBy(() -> Files.writeString(target.resolve("new"), "x"))
            .isInstanceOf(IOException.class);
        try (PathHandle mounted = system.openChild(parent, "target")) {
          assertThat(system.mountId(mounted)).isEqualTo(mount.id());
        }
      } finally {
        system.unmount(parent, "target");
      }
    }
    assertThat(MountTable.ofThisProcess().at(target)).isEmpty();
  }

  @ParameterizedTest(name = "newest APIs: {0}")
  @ValueSource(booleans = {true, false})
  void fileSystemIsMountedOntoTheHandleWithItsOptions(boolean newest) throws IOException {
    HostRequirements.assumeLoopDevicesAndMount();
    LinuxSystem system = new LinuxSystem(newest);
    Path target = Files.createDirectories(dir.resolve("mnt"));
    try (PathHandle parent = system.open(dir);
        PathHandle to = system.openChild(parent, "mnt")) {
      system.mountFilesystem(
          "simebs-test", "tmpfs", EnumSet.of(MountFlag.NO_SUID), List.of("size=1m"), to);
      try {
        Mount mount = MountTable.ofThisProcess().at(target).orElseThrow();
        assertThat(mount.fsType()).isEqualTo("tmpfs");
        assertThat(mount.mountOptions()).contains("nosuid");
        assertThat(mount.superOptions()).contains("size=1024k");
        try (PathHandle root = system.openChild(parent, "mnt")) {
          assertThat(system.statvfs(root).totalBytes()).isEqualTo(1L << 20);
        }
      } finally {
        system.unmount(parent, "mnt");
      }
    }
  }

  @ParameterizedTest(name = "newest APIs: {0}")
  @ValueSource(booleans = {true, false})
  void refusedOptionMountsNothing(boolean newest) throws IOException {
    HostRequirements.assumeLoopDevicesAndMount();
    LinuxSystem system = new LinuxSystem(newest);
    Path target = Files.createDirectories(dir.resolve("mnt"));
    try (PathHandle to = system.open(target)) {
      assertThatThrownBy(
              () ->
                  system.mountFilesystem(
                      "simebs-test", "tmpfs", EnumSet.noneOf(MountFlag.class), List.of("size=x"), to))
          .isInstanceOfSatisfying(
              SystemCallException.class,
              e -> {
                assertThat(e.errno()).isEqualTo(LinuxSystem.EINVAL);
                if (newest) {
                  assertThat(e).isInstanceOf(RejectedMountOptionException.class);
                  assertThat(((RejectedMountOptionException) e).option()).isEqualTo("size=x");
                }
              });
    }
    assertThat(MountTable.ofThisProcess().at(target)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest(name = "newest APIs: {0}")
  @ValueSource(booleans = {true, false})
  void filesAreMadeAndRemovedInsideADirectoryHandle(boolean newest) throws IOException {
    LinuxSystem system = new LinuxSystem(newest);
    try (PathHandle parent = system.open(dir)) {
      system.makeDirectory(parent, "d");
      system.makeFile(parent, "f");
      assertThatThrownBy(() -> system.makeFile(parent, "d"))
          .isInstanceOfSatisfying(
              SystemCallException.class, e -> assertThat(e.errno()).isEqualTo(LinuxSystem.EEXIST));
      try (PathHandle d = system.openChild(parent, "d");
          PathHandle f = system.openChild(parent, "f")) {
        assertThat(d.kind()).isEqualTo(PathHandle.FileKind.DIRECTORY);
        assertThat(f.kind()).isEqualTo(PathHandle.FileKind.REGULAR_FILE);
      }
      system.remove(parent, "d", true);
      system.remove(parent, "f", false);
    }
    assertThat(dir).isEmptyDirectory();
  }
}
