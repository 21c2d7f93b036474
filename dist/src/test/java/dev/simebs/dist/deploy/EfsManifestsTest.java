package dev.simebs.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.dist.deploy.Manifests.NamedPodSpec;
import dev.simebs.efs.controller.provisioning.ProvisioningParameters;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The EFS component and examples agree with the EFS driver. */
class EfsManifestsTest {

  private static final Path DEPLOY = Manifests.deployDir().resolve("kubernetes");
  private static final Manifests EFS = Manifests.fromFiles(Manifests.yamlFiles(DEPLOY.resolve("components/efs")));
  private static final Manifests EXAMPLES =
      Manifests.fromFiles(Manifests.yamlFiles(DEPLOY.resolve("examples")));

  @Test
  void theCsiDriverNeedsNoAttach() {
    CSIDriver driver = EFS.one(CSIDriver.class, EfsDriverInfo.DRIVER_NAME);

    assertThat(driver.getSpec().getAttachRequired()).isFalse();
    assertThat(driver.getSpec().getVolumeLifecycleModes()).containsExactly("Persistent");
  }

  @Test
  void theControllerHasTheProvisionerAsItsOnlySidecar() {
    NamedPodSpec controller = pod("simefs-controller");

    assertThat(controller.spec().getContainers()).extracting(Container::getName)
        .containsExactly("simebs", "csi-provisioner");
    assertThat(controller.container("simebs").getArgs()).first().isEqualTo("efs-controller");
    assertThat(controller.container("csi-provisioner").getArgs()).contains("--extra-create-metadata");
  }

  @Test
  void theNodePluginHasRegistrarAndLivenessAndReachesFuseAndTheData() {
    NamedPodSpec node = pod("simefs-node");

    assertThat(node.spec().getContainers()).extracting(Container::getName)
        .containsExactly("simebs", "node-driver-registrar", "liveness-probe");
    Container plugin = node.container("simebs");
    assertThat(plugin.getArgs()).first().isEqualTo("efs-node");
    assertThat(plugin.getSecurityContext().getPrivileged()).isTrue();
    assertThat(plugin.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/dev/fuse"));
    assertThat(Manifests.flag(plugin, "--backend-data-dir")).contains("/var/lib/simebs");
    assertThat(node.container("node-driver-registrar").getArgs())
        .contains("--kubelet-registration-path=/var/lib/kubelet/plugins/efs.csi.simebs.dev/csi.sock");
  }

  @Test
  void theStorageClassTakesParametersTheControllerAccepts() {
    for (StorageClass sc : EFS.all(StorageClass.class)) {
      assertThat(sc.getProvisioner()).isEqualTo(EfsDriverInfo.DRIVER_NAME);
      ProvisioningParameters parsed = ProvisioningParameters.parse(sc.getParameters(), "pvc-1");
      assertThat(parsed.basePath()).containsExactly("dynamic");
    }
  }

  @Test
  void theExamplesShareOneDirectoryAndNameWellFormedHandles() {
    Deployment writers = EXAMPLES.one(Deployment.class, "shared-writers");
    assertThat(writers.getSpec().getReplicas()).isEqualTo(3);
    List<PersistentVolume> volumes = EXAMPLES.all(PersistentVolume.class).stream()
        .filter(pv -> pv.getSpec().getCsi().getDriver().equals(EfsDriverInfo.DRIVER_NAME))
        .toList();
    assertThat(volumes).extracting(pv -> pv.getSpec().getAccessModes().getFirst())
        .contains("ReadWriteMany", "ReadOnlyMany");
    volumes.forEach(pv -> VolumeHandle.parse(pv.getSpec().getCsi().getVolumeHandle()));
  }

  private static NamedPodSpec pod(String workload) {
    return EFS.podSpecs().stream().filter(p -> p.workload().equals(workload)).findFirst()
        .orElseThrow();
  }
}
