package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.CreateTagsRequest;
import dev.simebs.backend.api.DeleteTagsRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagingAndTagsTest {

  @TempDir Path dataDir;
  TestBackend backend;

  @BeforeEach
  void open() throws IOException {
    backend = TestBackend.open(dataDir);
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private List<String> createVolumes(int count) throws Exception {
    List<Future<String>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(() -> backend.createVolume(1).getVolumeId()));
      }
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> f : futures) {
      ids.add(f.get());
    }
    return ids.stream().sorted().toList();
  }

  @Test
  void pagesCoverEveryVolumeOnceInIdOrder() throws Exception {
    List<String> created = createVolumes(1_100);

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = "";
    do {
      DescribeVolumesResponse page = backend.api().describeVolumes(DescribeVolumesRequest
          .newBuilder().setMaxResults(500).setNextToken(token).build());
      pageSizes.add(page.getVolumesCount());
      page.getVolumesList().forEach(v -> seen.add(v.getVolumeId()));
      token = page.getNextToken();
    } while (!token.isEmpty());

    assertThat(pageSizes).containsExactly(500, 500, 100);
    assertThat(seen).isEqualTo(created);
  }

  @Test
  void pagingWithAFilterFillsPagesWithMatchesOnly() throws Exception {
    createVolumes(10);
    for (int i = 0; i < 3; i++) {
      backend.createVolume(r -> r.setSizeGib(1).addTags(Tag.newBuilder().setKey("k").setValue("v")));
    }
    DescribeVolumesRequest.Builder request = DescribeVolumesRequest.newBuilder().setMaxResults(2)
        .addFilters(Filter.newBuilder().setName("tag:k").addValues("v"));

    DescribeVolumesResponse first = backend.api().describeVolumes(request.build());
    DescribeVolumesResponse second = backend.api().describeVolumes(
        request.setNextToken(first.getNextToken()).build());

    assertThat(first.getVolumesCount()).isEqualTo(2);
    assertThat(second.getVolumesCount()).isEqualTo(1);
    assertThat(second.getNextToken()).isEmpty();
  }

  @Test
  void invalidNextTokenIsInvalidParameterValue() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.api().describeVolumes(
        DescribeVolumesRequest.newBuilder().setNextToken("not-a-token").build()))
        .hasMessageContaining("next_token");
  }

  @Test
  void snapshotsPageToo() {
    String volumeId = backend.createVolume(1).getVolumeId();
    for (int i = 0; i < 3; i++) {
      backend.snapshot(volumeId);
    }

    DescribeSnapshotsResponse first = backend.api().describeSnapshots(
        DescribeSnapshotsRequest.newBuilder().setMaxResults(2).build());
    DescribeSnapshotsResponse second = backend.api().describeSnapshots(
        DescribeSnapshotsRequest.newBuilder().setMaxResults(2).setNextToken(first.getNextToken())
            .build());

    assertThat(first.getSnapshotsCount()).isEqualTo(2);
    assertThat(second.getSnapshotsCount()).isEqualTo(1);
    assertThat(second.getNextToken()).isEmpty();
  }

  @Test
  void createTagsAddsAndOverwritesAndDeleteTagsRemoves() {
    Volume volume = backend.createVolume(r -> r.setSizeGib(1)
        .addTags(Tag.newBuilder().setKey("a").setValue("1")));

    backend.api().createTags(CreateTagsRequest.newBuilder().setResourceId(volume.getVolumeId())
        .addTags(Tag.newBuilder().setKey("a").setValue("2"))
        .addTags(Tag.newBuilder().setKey("b").setValue("3")).build());
    backend.api().deleteTags(DeleteTagsRequest.newBuilder().setResourceId(volume.getVolumeId())
        .addKeys("b").build());

    assertThat(backend.describe(volume.getVolumeId()).getTagsList())
        .containsExactly(Tag.newBuilder().setKey("a").setValue("2").build());
  }

  @Test
  void tagKeyLongerThan128IsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.createVolume(r -> r
        .setSizeGib(1).addTags(Tag.newBuilder().setKey("k".repeat(129)).setValue("v"))))
        .hasMessageContaining("128");
  }

  @Test
  void taggingAnUnknownSnapshotIsSnapshotNotFound() {
    assertFails(ErrorReason.SNAPSHOT_NOT_FOUND, () -> backend.api().createTags(
        CreateTagsRequest.newBuilder().setResourceId("snap-0123456789abcdef0")
            .addTags(Tag.newBuilder().setKey("a").setValue("b")).build()));
  }
}
