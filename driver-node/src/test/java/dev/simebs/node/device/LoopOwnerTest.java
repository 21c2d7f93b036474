package dev.simebs.node.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoopOwnerTest {

  private static final String VOLUME = "vol-0123456789abcdef0";

  @Test
  void aPlainNodeIdIsWrittenAsItIs() {
    LoopOwner owner = LoopOwner.of(VOLUME, "kind-worker2");

    assertThat(owner.label()).isEqualTo("simebs:vol-0123456789abcdef0:kind-worker2");
    assertThat(LoopOwner.parse(owner.label())).contains(owner);
    assertThat(owner.boundBy("kind-worker2")).isTrue();
    assertThat(owner.boundBy("kind-worker")).isFalse();
  }

  @Test
  void aLongNodeIdIsShortenedWithAHashAndStillFitsTheKernelsSixtyFourBytes() {
    String longId = "ip-10-0-12-34.eu-west-1.compute.internal.example";
    LoopOwner owner = LoopOwner.of(LoopOwner.Role.EC2_AGENT, VOLUME, longId);

    assertThat(owner.label().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    assertThat(owner.node()).startsWith("ip-10-0-12-34.eu-west~").hasSize(30);
    assertThat(owner.boundBy(longId)).isTrue();
    assertThat(owner.boundBy(longId + "x")).isFalse();
    assertThat(LoopOwner.parse(owner.label())).contains(owner);
  }

  @Test
  void charactersOutsideThePlainSetAreNeverTakenForAnotherPlainId() {
    LoopOwner odd = LoopOwner.of(VOLUME, "node/1");

    assertThat(odd.node()).isNotEqualTo("node_1").contains("~");
    assertThat(odd.boundBy("node_1")).isFalse();
  }

  @Test
  void theNodePluginAndTheDeviceAgentHaveDifferentLabels() {
    LoopOwner plugin = LoopOwner.of(VOLUME, "node-a");
    LoopOwner agent = LoopOwner.of(LoopOwner.Role.EC2_AGENT, VOLUME, "node-a");

    assertThat(plugin.label()).isNotEqualTo(agent.label());
    assertThat(LoopOwner.parse(agent.label()).map(LoopOwner::role))
        .contains(LoopOwner.Role.EC2_AGENT);
  }

  @Test
  void labelsOfOtherToolsAndOlderDriversAreNobodysOwner() {
    assertThat(LoopOwner.parse("/var/lib/simebs/volumes/" + VOLUME + ".img")).isEmpty();
    assertThat(LoopOwner.parse("")).isEmpty();
    assertThat(LoopOwner.parse("simebs:vol-123:node")).isEmpty();
  }
}
