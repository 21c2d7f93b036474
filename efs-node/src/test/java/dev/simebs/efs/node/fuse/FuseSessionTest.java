package dev.simebs.efs.node.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.efs.node.sys.EfsSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One FUSE session over a directory, used from this (root) process. */
class FuseSessionTest {

  @TempDir Path dir;

  @Test
  void filesCreatedThroughTheMountBelongToTheServedIdentity() throws Exception {
    HostRequirements.assumeFuse();
    EfsSyscalls calls = new EfsSyscalls();
    LinuxSystem system = new LinuxSystem();
    Path served = Files.createDirectory(dir.resolve("served"));
    Files.setAttribute(served, "unix:uid", 2000);
    Files.setAttribute(served, "unix:gid", 2000);
    Path target = Files.createDirectory(dir.resolve("target"));
    int root = calls.open(served.toString(), EfsSyscalls.O_PATH | EfsSyscalls.O_DIRECTORY);
    FuseSession session = FuseSession.mount(calls, system, root, target,
        new FuseSession.Identity(2000, 2000, List.of()), false, "test");
    try {
      Files.writeString(target.resolve("hello"), "world");
      Files.createDirectories(target.resolve("a/b"));
      Files.writeString(target.resolve("a/b/c"), "deep");

      assertThat(served.resolve("hello")).hasContent("world");
      assertThat(Files.getAttribute(served.resolve("hello"), "unix:uid")).isEqualTo(2000);
      assertThat(Files.getAttribute(served.resolve("a/b/c"), "unix:gid")).isEqualTo(2000);
      assertThat(target.resolve("a/b/c")).hasContent("deep");
      try (var listing = Files.list(target)) {
        assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hello", "a");
      }
      Files.move(target.resolve("hello"), target.resolve("a/moved"));
      assertThat(served.resolve("a/moved")).hasContent("world");
      Files.delete(target.resolve("a/moved"));
      assertThat(served.resolve("a/moved")).doesNotExist();
    } finally {
      try (PathHandle parent = system.open(dir)) {
        system.unmount(parent, "target");
      }
      session.awaitEnd();
    }
  }
}
