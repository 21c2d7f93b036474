package dev.simebs.common.paths;

import static dev.simebs.common.testing.Answered.answered;
import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The form of request paths, and which roots an operator may allow. */
class PathRulesTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/proc", "/sys", "/dev", "/etc", "/boot", "/usr", "/usr/local"})
  void systemDirectoriesCannotBeRoots(String root) {
    assertThatThrownBy(() -> PathRules.of(List.of(Path.of(root)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed root " + root + " may not be");
  }

  @Test
  void aRootThatIsALinkToASystemDirectoryIsRefusedToo() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("etc-link"), Path.of("/etc"));

    assertThatThrownBy(() -> PathRules.of(List.of(link), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(really /etc)");
  }

  @Test
  void aRootThatDoesNotExistIsRefused() {
    assertThatThrownBy(() -> PathRules.of(List.of(dir.resolve("missing")), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aPathUnderALinkedRootIsNamedByTheRootsRealPath() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real-kubelet"));
    Path link = Files.createSymbolicLink(dir.resolve("kubelet"), real);
    PathRules rules = PathRules.of(List.of(link), List.of());

    RequestPath path = rules.check("target_path", link + "/pods/p/mount");

    assertThat(path.path()).isEqualTo(real.toRealPath().resolve("pods/p/mount"));
  }

  @Test
  void theRootItselfIsNotAPathARequestMayUse() {
    PathRules rules = PathRules.of(List.of(dir), List.of());

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "must be inside",
        answered(() -> rules.check("target_path", dir.toString())));
  }

  @Test
  void pathsInOrAboveTheNodesOwnDirectoriesAreRefused() throws Exception {
    Path data = Files.createDirectories(dir.resolve("simebs/data"));
    PathRules rules = PathRules.of(List.of(dir), List.of(data));

    for (String path : List.of(data + "/volumes", data.toString(), dir + "/simebs")) {
      assertFailsWith(
          Status.Code.INVALID_ARGUMENT,
          "must not be inside or above the node's own directory",
          answered(() -> rules.check("staging_target_path", path)));
    }
    assertThat(rules.check("staging_target_path", dir + "/simebs/staging").path())
        .isEqualTo(dir.resolve("simebs/staging"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"relative/path", "/a/../b", "/a/./b", "/a//b", "/a/b/"})
  void pathsThatAreNotAbsoluteAndNormalAreInvalid(String value) {
    PathRules rules = PathRules.of(List.of(dir), List.of());

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT, "target_path", answered(() -> rules.check("target_path", value)));
  }

  @Test
  void aLookupPathThatBreaksTheRulesIsNotFound() {
    PathRules rules = PathRules.of(List.of(dir), List.of());

    assertFailsWith(
        Status.Code.NOT_FOUND,
        "volume_path some/path: must be an absolute path",
        answered(() -> rules.checkLookedUp("volume_path", "some/path")));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_path is required",
        answered(() -> rules.checkLookedUp("volume_path", "")));
  }
}
