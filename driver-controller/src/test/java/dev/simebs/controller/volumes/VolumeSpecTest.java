package dev.simebs.controller.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.fs.FsType;
import dev.simebs.controller.backend.ClientTokens;
import dev.simebs.controller.backend.DriverTags;
import dev.simebs.controller.parameters.VolumeParameters;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VolumeSpecTest {

  @Test
  void volumeContextCarriesTypeFileSystemAndMkfsOptions() {
    VolumeSpec spec = spec(Map.of("type", "io1", "iops", "200", "blockSize", "2048", "numberOfInodes", "1000"), FsType.EXT3);

    assertThat(spec.volumeContext())
        .containsEntry(VolumeContextKeys.TYPE, "io1")
        .containsEntry(VolumeContextKeys.FS_TYPE, "ext3")
        .containsEntry(VolumeContextKeys.BLOCK_SIZE, "2048")
        .containsEntry(VolumeContextKeys.NUMBER_OF_INODES, "1000")
        .doesNotContainKey(VolumeContextKeys.INODE_SIZE);
  }

  @Test
  void sameArgumentsGiveTheSameFingerprint() {
    assertThat(spec(Map.of("type", "gp2"), FsType.EXT4).fingerprint())
        .isEqualTo(spec(Map.of("type", "gp2"), FsType.EXT4).fingerprint());
  }

  @Test
  void anyDifferenceChangesTheFingerprint() {
    String base = spec(Map.of(), FsType.EXT4).fingerprint();

    assertThat(spec(Map.of(), FsType.XFS).fingerprint()).isNotEqualTo(base);
    assertThat(spec(Map.of("encrypted", "true"), FsType.EXT4).fingerprint()).isNotEqualTo(base);
    assertThat(spec(Map.of("tagSpecification_1", "a=b"), FsType.EXT4).fingerprint()).isNotEqualTo(base);
  }

  @Test
  void kubernetesNamesDoNotChangeTheFingerprint() {
    assertThat(spec(Map.of("csi.storage.k8s.io/pvc/name", "x"), FsType.EXT4).fingerprint())
        .isEqualTo(spec(Map.of(), FsType.EXT4).fingerprint());
  }

  @Test
  void backendRequestCarriesTokenTagsAndPerformance() {
    VolumeSpec spec = spec(Map.of("type", "gp3", "iops", "4000", "throughput", "200", "tagSpecification_1", "a=b"), FsType.EXT4);

    CreateVolumeRequest request = spec.toBackendRequest("sim-b");

    assertThat(request.getClientToken()).isEqualTo(ClientTokens.forVolume("pvc-1")).hasSize(64);
    assertThat(request.getType()).isEqualTo(VolumeType.GP3);
    assertThat(request.getIops()).isEqualTo(4000);
    assertThat(request.getThroughputMibps()).isEqualTo(200);
    assertThat(request.getZone()).isEqualTo("sim-b");
    assertThat(request.getSizeGib()).isEqualTo(5);
    assertThat(request.getTagsList())
        .extracting(t -> t.getKey())
        .contains(DriverTags.VOLUME_NAME, DriverTags.REQUEST_FINGERPRINT, "a");
  }

  @Test
  void tokenIsTheSameForTheSameNameOnly() {
    assertThat(ClientTokens.forVolume("a")).isEqualTo(ClientTokens.forVolume("a")).isNotEqualTo(ClientTokens.forVolume("b"));
    assertThat(ClientTokens.forVolume("a")).isNotEqualTo(ClientTokens.forSnapshot("a"));
    assertThat(ClientTokens.forVolume("x".repeat(10_000))).hasSize(64);
  }

  private static VolumeSpec spec(Map<String, String> parameters, FsType fsType) {
    VolumeParameters p = VolumeParameters.parse(parameters, Map.of());
    OptionalInt iops = p.iopsFor(5);
    return new VolumeSpec("pvc-1", 5, p, iops, fsType, ContentSource.NONE);
  }
}
