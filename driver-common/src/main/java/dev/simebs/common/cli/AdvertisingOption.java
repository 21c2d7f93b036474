package dev.simebs.common.cli;

import dev.simebs.common.identity.AdvertisedSpec;
import picocli.CommandLine.Option;

/** {@code --advertise-csi-v1.12}: also advertise the capabilities CSI spec v1.12.0 added. */
public final class AdvertisingOption {

  @Option(
      names = "--advertise-csi-v1.12",
      description =
          "Also advertise capabilities added by CSI spec v1.12.0 (GET_SNAPSHOT). Off by default:"
              + " sidecars built on spec v1.11 (csi-provisioner v5.2.0, csi-sanity v5.4.0) crash or"
              + " fail on enum values they do not know. GetSnapshot is served either way.")
  boolean v112;

  public AdvertisedSpec advertisedSpec() {
    return v112 ? AdvertisedSpec.V1_12_0 : AdvertisedSpec.DEFAULT;
  }
}
