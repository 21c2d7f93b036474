package dev.simebs.controller.publish;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.controller.capabilities.AccessType;
import org.junit.jupiter.api.Test;

class PublicationTest {

  @Test
  void tagValueReadsBackToTheSamePublication() {
    Publication publication = new Publication(AccessType.BLOCK, Mode.MULTI_NODE_MULTI_WRITER, true);

    assertThat(publication.encode()).isEqualTo("block/MULTI_NODE_MULTI_WRITER/ro");
    assertThat(Publication.decode(publication.encode())).hasValue(publication);
  }

  @Test
  void foreignTagValuesAreIgnored() {
    assertThat(Publication.decode("something else")).isEmpty();
    assertThat(Publication.decode("disk/SINGLE_NODE_WRITER/rw")).isEmpty();
  }

  @Test
  void readonlyFlagMakesADifferentPublication() {
    assertThat(new Publication(AccessType.MOUNT, Mode.SINGLE_NODE_WRITER, false))
        .isNotEqualTo(new Publication(AccessType.MOUNT, Mode.SINGLE_NODE_WRITER, true));
  }
}
