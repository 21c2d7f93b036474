package dev.simebs.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.Tag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;

/** The SDK's paginators over 2,000 volumes: every volume once, in pages of the asked size. */
class Ec2PaginationTest {

  static final int VOLUMES = 2000;

  @TempDir static Path dataDir;
  static Ec2Cloud cloud;
  static Ec2Client ec2;
  static Set<String> created;
  static Set<String> even;

  @BeforeAll
  static void createVolumes() throws Exception {
    cloud = Ec2Cloud.start(dataDir);
    ec2 = cloud.client();
    List<Future<String>> futures = new ArrayList<>();
    // Through the backend API directly: the point here is paging, and 16 callers share commits.
    try (ExecutorService callers = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < VOLUMES; i++) {
        String parity = i % 2 == 0 ? "even" : "odd";
        futures.add(callers.submit(() -> cloud.backend().createVolume(CreateVolumeRequest
            .newBuilder().setSizeGib(1).setZone("sim-a")
            .addTags(Tag.newBuilder().setKey("parity").setValue(parity)).build())
            .getVolume().getVolumeId() + " " + parity));
      }
    }
    List<String> results = new ArrayList<>();
    for (Future<String> f : futures) {
      results.add(f.get());
    }
    created = results.stream().map(r -> r.split(" ")[0]).collect(Collectors.toSet());
    even = results.stream().filter(r -> r.endsWith("even")).map(r -> r.split(" ")[0])
        .collect(Collectors.toSet());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void paginatorVisitsEveryVolumeOnceInPagesOf500() {
    List<DescribeVolumesResponse> pages = ec2.describeVolumesPaginator(r -> r.maxResults(500))
        .stream().toList();

    assertThat(pages).hasSize(4);
    assertThat(pages).allSatisfy(p -> assertThat(p.volumes()).hasSize(500));
    List<String> ids = pages.stream().flatMap(p -> p.volumes().stream())
        .map(Volume::volumeId).toList();
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Set.copyOf(ids)).isEqualTo(created);
  }

  @Test
  void filteredPagesHoldOnlyMatchesAndTogetherAllOfThem() {
    List<String> ids = ec2.describeVolumesPaginator(r -> r.maxResults(137).filters(Filter
            .builder().name("tag:parity").values("even").build()))
        .volumes().stream().map(Volume::volumeId).toList();

    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Set.copyOf(ids)).isEqualTo(even);
  }

  @Test
  void withoutMaxResultsEverythingComesInOneAnswer() {
    DescribeVolumesResponse all = ec2.describeVolumes();

    assertThat(all.volumes()).hasSize(VOLUMES);
    assertThat(all.nextToken()).isNull();
  }

  @Test
  void describeTagsPagesOverEveryVolumesTag() {
    long tags = ec2.describeTagsPaginator(r -> r.maxResults(1000).filters(Filter.builder()
        .name("key").values("parity").build())).tags().stream().count();

    assertThat(tags).isEqualTo(VOLUMES);
  }
}
