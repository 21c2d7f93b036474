package dev.simebs.dist.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * Typed models of the snapshot.storage.k8s.io/v1 kinds our manifests use. fabric8's own snapshot
 * model is not published for the client version we use, so the test declares the few fields it
 * checks; unknown fields are ignored. Registered through META-INF/services.
 */
final class SnapshotKinds {

  private SnapshotKinds() {}

  @Group("snapshot.storage.k8s.io")
  @Version("v1")
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonDeserialize(using = JsonDeserializer.None.class)
  public static final class VolumeSnapshotClass extends CustomObject {
    public VolumeSnapshotClass() {
      super("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass");
    }

    private String driver;
    private String deletionPolicy;
    private Map<String, String> parameters;

    public String getDriver() {
      return driver;
    }

    public void setDriver(String driver) {
      this.driver = driver;
    }

    public String getDeletionPolicy() {
      return deletionPolicy;
    }

    public void setDeletionPolicy(String deletionPolicy) {
      this.deletionPolicy = deletionPolicy;
    }

    public Map<String, String> getParameters() {
      return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
      this.parameters = parameters;
    }
  }

  @Group("snapshot.storage.k8s.io")
  @Version("v1")
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonDeserialize(using = JsonDeserializer.None.class)
  public static final class VolumeSnapshot extends CustomObject {
    public VolumeSnapshot() {
      super("snapshot.storage.k8s.io/v1", "VolumeSnapshot");
    }

    private Map<String, Object> spec;

    public Map<String, Object> getSpec() {
      return spec;
    }

    public void setSpec(Map<String, Object> spec) {
      this.spec = spec;
    }
  }
}
