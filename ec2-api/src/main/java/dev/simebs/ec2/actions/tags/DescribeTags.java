package dev.simebs.ec2.actions.tags;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.DescribePaging;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.xml.XmlAnswer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * DescribeTags over volumes and snapshots, ordered by resource ID and key; the NextToken is the
 * last (resource, key) of the page, so pages stay right while tags come and go.
 */
public record DescribeTags(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  private static final Set<String> FILTERS = Set.of("resource-id", "resource-type", "key",
      "value");
  private static final int BACKEND_PAGE = 1000;

  /** One tag of one resource, as DescribeTags lists it. */
  private record ResourceTag(String resourceId, String resourceType, String key, String value) {
    String cursor() {
      return resourceId + "\n" + key;
    }
  }

  @Override
  public Set<String> parameters() {
    return Set.of("Filter", "MaxResults", "NextToken");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    DescribePaging paging = DescribePaging.read(request.params(), 5, 1000, List.of(), "");
    Predicate<ResourceTag> matches = t -> true;
    boolean volumes = true;
    boolean snapshots = true;
    for (FilterParameters.Filter f : FilterParameters.read(request.params(), FILTERS, false)) {
      matches = matches.and(switch (f.name()) {
        case "resource-id" -> t -> f.accepts(t.resourceId());
        case "resource-type" -> t -> f.accepts(t.resourceType());
        case "key" -> t -> f.accepts(t.key());
        default -> t -> f.accepts(t.value());
      });
      if (f.name().equals("resource-type")) {
        volumes &= f.accepts("volume");
        snapshots &= f.accepts("snapshot");
      }
    }
    List<ResourceTag> all = new ArrayList<>();
    if (volumes) {
      all.addAll(volumeTags());
    }
    if (snapshots) {
      all.addAll(snapshotTags());
    }
    String after = decode(paging.nextToken());
    List<ResourceTag> page = all.stream()
        .filter(matches)
        .sorted(Comparator.comparing(ResourceTag::cursor))
        .filter(t -> after.isEmpty() || t.cursor().compareTo(after) > 0)
        .toList();
    String next = "";
    if (paging.maxResults() > 0 && page.size() > paging.maxResults()) {
      page = page.subList(0, paging.maxResults());
      next = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(page.getLast().cursor().getBytes(StandardCharsets.UTF_8));
    }
    out.list("tagSet", page, (o, t) -> o.text("resourceId", t.resourceId())
        .text("resourceType", t.resourceType()).text("key", t.key()).text("value", t.value()));
    out.textIfSet("nextToken", next);
  }

  private List<ResourceTag> volumeTags() {
    List<ResourceTag> tags = new ArrayList<>();
    forEachPage(token -> backend.get().describeVolumes(DescribeVolumesRequest.newBuilder()
            .setMaxResults(BACKEND_PAGE).setNextToken(token).build()),
        DescribeVolumesResponse::getNextToken,
        page -> page.getVolumesList().forEach(v -> v.getTagsList().forEach(tag -> tags.add(
            new ResourceTag(v.getVolumeId(), "volume", tag.getKey(), tag.getValue())))));
    return tags;
  }

  private List<ResourceTag> snapshotTags() {
    List<ResourceTag> tags = new ArrayList<>();
    forEachPage(token -> backend.get().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
            .setMaxResults(BACKEND_PAGE).setNextToken(token).build()),
        DescribeSnapshotsResponse::getNextToken,
        page -> page.getSnapshotsList().forEach(s -> s.getTagsList().forEach(tag -> tags.add(
            new ResourceTag(s.getSnapshotId(), "snapshot", tag.getKey(), tag.getValue())))));
    return tags;
  }

  /** Fetches every page of a backend Describe call, in order. */
  private static <R> void forEachPage(Function<String, R> fetch, Function<R, String> nextToken,
      Consumer<R> use) {
    String token = "";
    do {
      R page = fetch.apply(token);
      use.accept(page);
      token = nextToken.apply(page);
    } while (!token.isEmpty());
  }

  private static String decode(String token) {
    if (token.isEmpty()) {
      return "";
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "The NextToken '%s' is not valid", token);
    }
  }
}
