package dev.simebs.dist.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
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
public final class ServiceMonitor extends CustomObject {

  /** The part of the spec the tests read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(Selector selector, List<Endpoint> endpoints) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Selector(Map<String, String> matchLabels) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Endpoint(String port, String path) {}

  private Spec spec;

  public ServiceMonitor() {
    super("monitoring.coreos.com/v1", "ServiceMonitor");
  }

  public Spec getSpec() {
    return spec;
  }

  public void setSpec(Spec spec) {
    this.spec = spec;
  }
}
