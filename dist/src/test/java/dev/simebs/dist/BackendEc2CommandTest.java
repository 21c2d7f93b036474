package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/**
 * {@code simebs backend --ec2-listen} as a process: it prints the EC2 address and the key file
 * it generated, and an SDK client reading that file as a shared credentials file gets in.
 */
class BackendEc2CommandTest {

  private static final Pattern EC2_LINE =
      Pattern.compile("simebs EC2 API serving on (\\S+) \\(credentials in (\\S+)\\)");

  @TempDir Path dir;

  @Test
  void backendServesTheEc2ApiWithAGeneratedKeyFileTheSdkReads() throws Exception {
    Path data = dir.resolve("data");
    Process backend = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-cp", System.getProperty("java.class.path"), SimEbs.class.getName(),
        "backend", "--data-dir", data.toString(), "--listen", "127.0.0.1:0",
        "--credentials-dir", dir.resolve("credentials").toString(),
        "--ec2-listen", "127.0.0.1:0"))
        .redirectError(dir.resolve("backend.log").toFile())
        .start();
    try {
      Matcher ec2 = null;
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(backend.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("simebs backend serving")) {
          Matcher m = EC2_LINE.matcher(line);
          if (m.matches()) {
            ec2 = m;
          }
        }
      }
      assertThat(ec2).as("the EC2 line before the serving line").isNotNull();
      Path keys = Path.of(ec2.group(2));
      assertThat(keys).isEqualTo(data.resolve("ec2-credentials"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
          .isEqualTo("rw-------");

      try (Ec2Client client = Ec2Client.builder()
          .endpointOverride(URI.create(ec2.group(1)))
          .region(Region.of("sim"))
          .credentialsProvider(ProfileCredentialsProvider.builder()
              .profileFile(ProfileFile.builder().content(keys)
                  .type(ProfileFile.Type.CREDENTIALS).build())
              .profileName("default").build())
          .httpClient(UrlConnectionHttpClient.create())
          .build()) {
        assertThat(client.describeAvailabilityZones().availabilityZones())
            .extracting(AvailabilityZone::zoneName, AvailabilityZone::regionName)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("sim-a", "sim"),
                org.assertj.core.groups.Tuple.tuple("sim-b", "sim"));
      }
    } finally {
      backend.destroy();
      assertThat(backend.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(backend.exitValue()).isZero();
  }
}
