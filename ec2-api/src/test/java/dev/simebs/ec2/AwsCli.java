package dev.simebs.ec2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI as a user runs it: Debian's {@code /usr/bin/aws} (package awscli) where present,
 * else the first {@code aws} on the PATH; its own credentials file, region and an empty config,
 * so nothing of the machine's AWS setup leaks in.
 */
final class AwsCli {

  /** What one command printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {
    String out() {
      return stdout.strip();
    }
  }

  private final Path binary;
  private final Path home;
  private final Path credentials;
  private final String endpoint;

  AwsCli(Path binary, Path home, Path credentials, String endpoint) {
    this.binary = binary;
    this.home = home;
    this.credentials = credentials;
    this.endpoint = endpoint;
  }

  static Optional<Path> find() {
    Path debian = Path.of("/usr/bin/aws");
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "aws");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code aws ec2 ARGS... --endpoint-url ENDPOINT}. */
  Result ec2(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "ec2"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.put("HOME", home.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    Path out = Files.createTempFile(home, "aws-out", ".txt");
    Path err = Files.createTempFile(home, "aws-err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
