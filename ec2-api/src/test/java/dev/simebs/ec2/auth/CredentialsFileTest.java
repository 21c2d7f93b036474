package dev.simebs.ec2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

  @TempDir Path dir;

  @Test
  void aMissingFileGetsOneFreshKeyPairReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("data").resolve("ec2-credentials");

    List<AccessKey> keys = CredentialsFile.readOrGenerate(file);

    assertThat(keys).singleElement().satisfies(k -> {
      assertThat(k.profile()).isEqualTo("default");
      assertThat(k.id()).matches("AKIA[A-Z2-7]{16}");
      assertThat(k.secret()).hasSize(40);
      assertThat(k.access()).isEqualTo(AccessKey.Access.READ_WRITE);
    });
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void anExistingFileIsKeptAcrossStarts() throws Exception {
    Path file = dir.resolve("ec2-credentials");
    List<AccessKey> first = CredentialsFile.readOrGenerate(file);

    assertThat(CredentialsFile.readOrGenerate(file)).isEqualTo(first);
  }

  @Test
  void everyProfileWithBothKeysIsAcceptedAndMayBeReadOnly() throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, """
        # comment
        [default]
        aws_access_key_id = AKIAONE
        aws_secret_access_key = secret-one

        [auditor]
        aws_access_key_id=AKIATWO
        aws_secret_access_key=secret-two
        simebs_access = read-only
        [incomplete]
        aws_access_key_id = AKIATHREE
        """);

    assertThat(CredentialsFile.read(file))
        .extracting(AccessKey::profile, AccessKey::id, AccessKey::access)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("default", "AKIAONE", AccessKey.Access.READ_WRITE),
            org.assertj.core.groups.Tuple.tuple("auditor", "AKIATWO", AccessKey.Access.READ_ONLY));
  }

  @Test
  void aFileWithoutAnyKeyIsRefused() throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "[default]\nregion = us-east-1\n");

    assertThatThrownBy(() -> CredentialsFile.read(file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no profile");
  }

  @Test
  void anUnknownAccessLevelIsRefusedNamingIt() {
    assertThatThrownBy(() -> CredentialsFile.parse("[p]\naws_access_key_id = A\n"
        + "aws_secret_access_key = s\nsimebs_access = admin\n", "f"))
        .hasMessageContaining("admin").hasMessageContaining("[p]");
  }

  @Test
  void theSecretNeverAppearsInTheKeysText() {
    AccessKey key = new AccessKey("p", "AKIAX", "very-secret", AccessKey.Access.READ_WRITE);

    assertThat(key.toString()).doesNotContain("very-secret");
  }
}
