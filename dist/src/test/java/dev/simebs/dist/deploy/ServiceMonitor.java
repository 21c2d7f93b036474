package dev.simebs.dist.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;

/**
 * A typed model of the Prometheus Operator's monitoring.coreos.com/v1 ServiceMonitor, with the
 * fields the tests check (the selector's labels, the endpoints' ports); unknown fields are
 * ignored. Registered through META-INF/services, as {@link SnapshotKinds} are.
 */
@Group("monitoring.coreos.com")
@Version("v1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class ServiceMonitor implements HasMetadata {

  /** The part of the spec the tests read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(Selector selector, List<Endpoint> endpoints) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Selector(Map<String, String> matchLabels) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Endpoint(String port, String path) {}

  private String apiVersion = "monitoring.coreos.com/v1";
  private String kind = "ServiceMonitor";
  private ObjectMeta metadata;
  private Spec spec;

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  @Override
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public Spec getSpec() {
    return spec;
  }

  public void setSpec(Spec spec) {
    this.spec = spec;
  }
}
