package dev.simebs.controller.parameters;

import static dev.simebs.common.testing.DomainAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.Tag;
import dev.simebs.common.fs.FsType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeParametersTest {

  @Test
  void noParametersMeanGp3WithBackendDefaults() {
    VolumeParameters p = parse(Map.of());

    assertThat(p.type()).isEqualTo(VolumeTypeRules.GP3);
    assertThat(p.iops()).isEmpty();
    assertThat(p.throughput()).isEmpty();
    assertThat(p.encrypted()).isFalse();
    assertThat(p.fsType()).isEmpty();
    assertThat(p.multiAttach()).isFalse();
    assertThat(p.tags()).isEmpty();
  }

  @Test
  void everyDocumentedKeyIsRead() {
    VolumeParameters p =
        parse(
            Map.ofEntries(
                Map.entry("type", "io2"),
                Map.entry("iops", "5000"),
                Map.entry("encrypted", "true"),
                Map.entry("kmsKeyId", "key-1"),
                Map.entry("csi.storage.k8s.io/fstype", "xfs"),
                Map.entry("blockSize", "4096"),
                Map.entry("inodeSize", "512"),
                Map.entry("multiAttach", "true"),
                Map.entry("tagSpecification_1", "team=storage"),
                Map.entry("csi.storage.k8s.io/pvc/name", "data"),
                Map.entry("csi.storage.k8s.io/pvc/namespace", "shop"),
                Map.entry("csi.storage.k8s.io/pv/name", "pvc-123")));

    assertThat(p.type()).isEqualTo(VolumeTypeRules.IO2);
    assertThat(p.iops()).hasValue(5000);
    assertThat(p.encrypted()).isTrue();
    assertThat(p.kmsKeyId()).hasValue("key-1");
    assertThat(p.fsType()).hasValue(FsType.XFS);
    assertThat(p.mkfs().blockSize()).hasValue(4096);
    assertThat(p.mkfs().inodeSize()).hasValue(512);
    assertThat(p.multiAttach()).isTrue();
    assertThat(p.tags()).containsExactly(tag("team", "storage"));
    assertThat(p.metadataTags())
        .containsExactlyInAnyOrder(
            tag("kubernetes.io/created-for/pvc/name", "data"),
            tag("kubernetes.io/created-for/pvc/namespace", "shop"),
            tag("kubernetes.io/created-for/pv/name", "pvc-123"));
  }

  @Test
  void keysMatchWhateverTheirCase() {
    assertThat(parse(Map.of("TYPE", "GP2")).type()).isEqualTo(VolumeTypeRules.GP2);
    assertThat(parse(Map.of("iopspergb", "10", "type", "io1")).iopsPerGb()).hasValue(10);
  }

  @Test
  void unknownKeyIsInvalidAndNamed() {
    assertInvalid(() -> parse(Map.of("speed", "fast"))).contains("\"speed\"");
  }

  @Test
  void otherKubernetesKeysAreAcceptedAndIgnored() {
    VolumeParameters p = parse(Map.of("csi.storage.k8s.io/provisioner-secret-name", "s"));

    assertThat(p.metadataTags()).isEmpty();
  }

  @Test
  void unknownTypeNamesTheChoices() {
    assertInvalid(() -> parse(Map.of("type", "nvme")))
        .contains("type")
        .contains("gp2, gp3, io1, io2, st1, sc1");
  }

  @Test
  void iopsAndIopsPerGbTogetherAreInvalidNotRetryable() {
    assertInvalid(() -> parse(Map.of("type", "io1", "iops", "200", "iopsPerGB", "10")))
        .contains("iops")
        .contains("iopsPerGB");
  }

  @Test
  void iopsOutsideTheTypesRangeNamesKeyAndBounds() {
    assertInvalid(() -> parse(Map.of("iops", "100")))
        .contains("iops")
        .contains("3000")
        .contains("16000")
        .contains("gp3");
  }

  @Test
  void iopsOnATypeWithoutProvisionedIopsIsInvalid() {
    assertInvalid(() -> parse(Map.of("type", "gp2", "iops", "3000")))
        .contains("not supported for type gp2");
    assertInvalid(() -> parse(Map.of("type", "st1", "iopsPerGB", "3")))
        .contains("iopsPerGB");
  }

  @Test
  void throughputOnlyForGp3WithinBounds() {
    assertThat(parse(Map.of("throughput", "250")).throughput()).hasValue(250);
    assertInvalid(() -> parse(Map.of("throughput", "2000")))
        .contains("125")
        .contains("1000");
    assertInvalid(() -> parse(Map.of("type", "io2", "throughput", "250")))
        .contains("throughput");
  }

  @Test
  void nonNumbersAreInvalid() {
    assertInvalid(() -> parse(Map.of("iops", "lots"))).contains("iops");
    assertInvalid(() -> parse(Map.of("blockSize", "-4"))).contains("blockSize");
  }

  @Test
  void booleansMustBeTrueOrFalse() {
    assertInvalid(() -> parse(Map.of("encrypted", "yes"))).contains("encrypted");
  }

  @Test
  void kmsKeyNeedsEncryption() {
    assertInvalid(() -> parse(Map.of("kmsKeyId", "k"))).contains("encrypted");
  }

  @Test
  void multiAttachNeedsIo2() {
    assertInvalid(() -> parse(Map.of("multiAttach", "true"))).contains("io2");
  }

  @Test
  void unsupportedFsTypeIsInvalid() {
    assertInvalid(() -> parse(Map.of("csi.storage.k8s.io/fstype", "ntfs")))
        .contains("ntfs");
  }

  @Test
  void extOnlyMkfsOptionsAreRefusedForXfs() {
    assertInvalid(() -> parse(Map.of("csi.storage.k8s.io/fstype", "xfs", "bytesPerInode", "4096")))
        .contains("bytesPerInode");
  }

  @Test
  void blockSizeMustBeAPowerOfTwo() {
    assertInvalid(() -> parse(Map.of("csi.storage.k8s.io/fstype", "ext4", "blockSize", "3000")))
        .contains("power of two");
  }

  @Test
  void iopsPerGbScalesWithSizeUpToTheTypesMaximum() {
    VolumeParameters p = parse(Map.of("type", "io1", "iopsPerGB", "50"));

    assertThat(p.iopsFor(10)).hasValue(500);
    assertThat(p.iopsFor(10_000)).hasValue(64_000);
  }

  @Test
  void iopsPerGbBelowTheTypesMinimumIsInvalid() {
    VolumeParameters p = parse(Map.of("type", "io1", "iopsPerGB", "1"));

    assertInvalid(() -> p.iopsFor(10)).contains("iopsPerGB").contains("100");
  }

  @Test
  void mutableParametersOverrideTheStorageClass() {
    VolumeParameters p =
        VolumeParameters.parse(
            Map.of("type", "io1", "iopsPerGB", "10", "tagSpecification_1", "a=1", "tagSpecification_2", "b=2"),
            Map.of("type", "gp3", "iops", "4000", "tagSpecification_1", "a=9"));

    assertThat(p.type()).isEqualTo(VolumeTypeRules.GP3);
    assertThat(p.iops()).hasValue(4000);
    assertThat(p.iopsPerGb()).isEmpty();
    assertThat(p.tags()).containsExactly(tag("b", "2"), tag("a", "9"));
  }

  @Test
  void mutableParametersAreCheckedAgainstTheResultingType() {
    assertInvalid(() -> VolumeParameters.parse(Map.of("type", "gp2"), Map.of("iops", "4000")))
        .contains("gp2");
  }

  @Test
  void mutableParametersRefuseImmutableKeys() {
    assertInvalid(() -> VolumeParameters.parse(Map.of(), Map.of("encrypted", "true")))
        .contains("encrypted");
  }

  private static VolumeParameters parse(Map<String, String> parameters) {
    return VolumeParameters.parse(parameters, Map.of());
  }

  static Tag tag(String key, String value) {
    return Tag.newBuilder().setKey(key).setValue(value).build();
  }
}
