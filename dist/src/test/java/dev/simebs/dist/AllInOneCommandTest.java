package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.identity.AdvertisedSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AllInOneCommandTest {

  @Test
  void advertisesSpecV111UnlessAskedForV112() {
    AllInOneCommand plain = CommandLine.populateCommand(new AllInOneCommand());
    AllInOneCommand v112 = CommandLine.populateCommand(new AllInOneCommand(), "--advertise-csi-v1.12");

    assertThat(plain.advertising.advertisedSpec()).isEqualTo(AdvertisedSpec.V1_11_0);
    assertThat(v112.advertising.advertisedSpec()).isEqualTo(AdvertisedSpec.V1_12_0);
  }
}
