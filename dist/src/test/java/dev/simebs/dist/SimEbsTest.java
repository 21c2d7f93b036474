package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimEbsTest {

  private static final String[] LISTED = {"all-in-one", "backend", "controller", "node", "bench", "help"};

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = SimEbs.commandLine(args);
    cli.setOut(new PrintWriter(out));
    cli.execute(args);
    return out.toString();
  }

  @Test
  void theTopLevelHelpListsEverySubcommand() {
    assertThat(run("--help")).contains(LISTED).doesNotContain("aot-cache");
    assertThat(SimEbs.commandLine(new String[0]).getSubcommands()).containsKeys(LISTED).containsKey("aot-cache");
  }

  @Test
  void runningOneSubcommandBuildsOnlyThatOne() {
    assertThat(SimEbs.commandLine(new String[] {"all-in-one", "--endpoint", "/tmp/x.sock"}).getSubcommands())
        .containsOnlyKeys("all-in-one");
  }

  @Test
  void helpOnASubcommandStillFindsIt() {
    assertThat(run("help", "bench")).contains("--scenario").contains("--compare");
  }

  @Test
  void anUnknownSubcommandIsReportedAgainstTheWholeList() {
    StringWriter err = new StringWriter();
    CommandLine cli = SimEbs.commandLine(new String[] {"all-in-on"});
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("all-in-on")).isEqualTo(2);
    assertThat(err.toString()).contains("all-in-on").contains("all-in-one");
  }
}
