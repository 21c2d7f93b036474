package dev.simebs.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class HttpEndpointOptionTest {

  @Command(name = "serve")
  static final class Serve {
    @Mixin HttpEndpointOption http;
  }

  private static HttpEndpointOption parse(String... args) {
    Serve serve = new Serve();
    new CommandLine(serve).parseArgs(args);
    return serve.http;
  }

  @Test
  void withoutTheFlagNothingIsServed() {
    assertThat(parse().address()).isEmpty();
  }

  @Test
  void hostAndPortAreTheAddressToBind() {
    assertThat(parse("--http-endpoint", "0.0.0.0:3301").address())
        .hasValue(new InetSocketAddress("0.0.0.0", 3301));
  }

  @Test
  void aUnixSocketIsRefusedWithTheFlagNamed() {
    HttpEndpointOption option = parse("--http-endpoint", "unix:///tmp/metrics.sock");

    assertThatThrownBy(option::address)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--http-endpoint must be HOST:PORT");
  }
}
