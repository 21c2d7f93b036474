package dev.simebs.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.testing.HostRequirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kind/reflink-store.sh, run as up.sh runs it on the host before a kind cluster exists:
 * the shared directory must end up able to clone files (what makes snapshots of volumes in use
 * point-in-time), and nothing a user already keeps there may be hidden or removed.
 */
class KindReflinkStoreTest {

  private static final Path SCRIPT = Manifests.deployDir().resolve("kind/reflink-store.sh");

  @TempDir Path work;
  private Path store;

  @BeforeEach
  void needsRootLoopMountsAndXfs() throws Exception {
    HostRequirements.assumeLoopDevicesAndMount();
    HostRequirements.assumeTools("mkfs.xfs", "mountpoint", "findmnt");
    String fileSystem = fileSystemOf(work);
    Assumptions.assumeFalse(fileSystem.equals("xfs") || fileSystem.equals("btrfs"),
        "the temporary directory is on " + fileSystem + ", which may reflink already");
    store = work.resolve("simebs-kind-data");
  }

  @AfterEach
  void takeTheStoreDown() throws Exception {
    if (store != null) {
      run("down", store);
    }
  }

  @Test
  void anEmptyDirectoryOnAFileSystemWithoutReflinkBecomesAnXfsStoreThatClones() throws Exception {
    assertThat(run("up", store).output()).contains("point-in-time");

    assertThat(fileSystemOf(store)).isEqualTo("xfs");
    Path source = Files.writeString(store.resolve("vol.img"), "volume bytes");
    assertThat(command("cp", "--reflink=always", source.toString(), store.resolve("snap.img").toString())
            .exitCode())
        .as("a reflink copy inside the store")
        .isZero();

    assertThat(run("up", store).output()).as("a second up leaves the store as it is")
        .contains("can reflink");
    assertThat(store.resolve("vol.img")).hasContent("volume bytes");

    run("down", store);
    assertThat(command("mountpoint", "-q", store.toString()).exitCode()).isNotZero();
    assertThat(work.resolve("simebs-kind-data.img")).doesNotExist();
  }

  @Test
  void aDirectoryThatAlreadyHoldsFilesIsLeftVisibleAndWarnedAbout() throws Exception {
    Files.createDirectories(store);
    Files.writeString(store.resolve("vol-existing.img"), "kept");

    Result up = run("up", store);

    assertThat(up.exitCode()).isZero();
    assertThat(up.output()).contains("WARNING", "already holds files", "not be point-in-time");
    assertThat(command("mountpoint", "-q", store.toString()).exitCode()).isNotZero();
    assertThat(store.resolve("vol-existing.img")).hasContent("kept");
  }

  private static String fileSystemOf(Path dir) throws Exception {
    return command("findmnt", "-n", "-o", "FSTYPE", "--target", dir.toString()).output().strip();
  }

  private static Result run(String action, Path dir) throws Exception {
    Result result = command("bash", SCRIPT.toString(), action, dir.toString());
    assertThat(result.exitCode()).as("reflink-store.sh %s: %s", action, result.output()).isZero();
    return result;
  }

  private static Result command(String... argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private record Result(int exitCode, String output) {}
}
