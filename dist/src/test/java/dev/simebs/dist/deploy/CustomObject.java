package dev.simebs.dist.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Base of the typed models the manifest tests declare for kinds fabric8 does not ship: apiVersion,
 * kind and metadata as every object has them; each model adds the fields its tests read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
abstract class CustomObject implements HasMetadata {
  private String apiVersion;
  private String kind;
  private ObjectMeta metadata;

  CustomObject(String apiVersion, String kind) {
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

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
}
