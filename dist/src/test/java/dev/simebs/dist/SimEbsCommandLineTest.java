package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimEbsCommandLineTest {

  private static final String[] LISTED = {
    "all-in-one", "backend", "controller", "node", "efs-controller", "efs-node", "bench", "cloud", "device-agent", "help"
  };

  @Test
  void backendAndAllInOneTakeTheEc2Options() {
    for (String command : new String[] {"backend", "all-in-one"}) {
      CommandLine.ParseResult parsed = SimEbs.commandLine(command).parseArgs(command,
          "--ec2-listen", "127.0.0.1:0", "--ec2-credentials-file", "/etc/simebs/keys");

      CommandLine.ParseResult sub = parsed.subcommand();
      Object listen = sub.matchedOptionValue("--ec2-listen", null);
      Object credentials = sub.matchedOptionValue("--ec2-credentials-file", null);
      assertThat(listen).hasToString("127.0.0.1:0");
      assertThat(credentials).hasToString("/etc/simebs/keys");
    }
  }

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
