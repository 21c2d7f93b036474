package dev.simebs.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContenderTest {

  @Test
  void theLabelEndsAtTheFirstEqualsSignAndTheCommandMayHoldMore() {
    Contender c = Contender.parse("hostpath=/opt/hostpath --endpoint {endpoint} --v=5");

    assertThat(c.label()).isEqualTo("hostpath");
    assertThat(c.launchTemplate()).isEqualTo("/opt/hostpath --endpoint {endpoint} --v=5");
  }

  @Test
  void theRoundsDirectoryAndSocketAreFilledIn() {
    Contender c = Contender.parse("simebs=./simebs all-in-one --endpoint {endpoint} --data-dir {dir}/data");

    assertThat(c.launchIn(Path.of("/w/simebs-r2")))
        .isEqualTo("./simebs all-in-one --endpoint unix:///w/simebs-r2/csi.sock --data-dir /w/simebs-r2/data");
  }

  @Test
  void aCommandThatDoesNotTellTheDriverWhereToListenIsRejected() {
    assertThatThrownBy(() -> Contender.parse("x=./driver --endpoint unix:///tmp/fixed.sock"))
        .hasMessageContaining("{endpoint}");
  }

  @Test
  void aLabelMustBeUsableInFileNames() {
    assertThatThrownBy(() -> Contender.parse("../up=cmd {endpoint}")).hasMessageContaining("label");
    assertThatThrownBy(() -> Contender.parse("=cmd {endpoint}")).hasMessageContaining("LABEL=LAUNCH_COMMAND");
    assertThatThrownBy(() -> Contender.parse("nolabel")).hasMessageContaining("LABEL=LAUNCH_COMMAND");
  }
}
