package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimEbsCommandLineTest {

  @Test
  void backendAndAllInOneTakeTheEc2Options() {
    for (String command : new String[] {"backend", "all-in-one"}) {
      CommandLine.ParseResult parsed = SimEbs.commandLine().parseArgs(command,
          "--ec2-listen", "127.0.0.1:0", "--ec2-credentials-file", "/etc/simebs/keys");

      CommandLine.ParseResult sub = parsed.subcommand();
      Object listen = sub.matchedOptionValue("--ec2-listen", null);
      Object credentials = sub.matchedOptionValue("--ec2-credentials-file", null);
      assertThat(listen).hasToString("127.0.0.1:0");
      assertThat(credentials).hasToString("/etc/simebs/keys");
    }
  }
}
