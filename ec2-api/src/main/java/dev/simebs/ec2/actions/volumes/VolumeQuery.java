package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Volume;
import dev.simebs.ec2.actions.DescribePaging;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.Instances;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.actions.TagParams;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.query.QueryParams;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which volumes a DescribeVolumes-shaped call asks for. FilterParameters the backend knows (IDs, state,
 * zone, snapshot, tag values) go to its keyset query; the rest are applied to each page here, so a
 * page may hold fewer than MaxResults while a NextToken follows, as EC2 allows.
 */
final class VolumeQuery {

  static final Set<String> FILTERS = Set.of("volume-id", "status", "availability-zone",
      "snapshot-id", "attachment.instance-id", "attachment.status", "tag-key", "volume-type",
      "size", "encrypted", "multi-attach-enabled");

  /** A page of matching volumes and the token for the next one ("" at the end). */
  record Page(List<Volume> volumes, String nextToken) {}

  private final DescribeVolumesRequest request;
  private final Predicate<Volume> local;

  private VolumeQuery(DescribeVolumesRequest request, Predicate<Volume> local) {
    this.request = request;
    this.local = local;
  }

  static VolumeQuery read(QueryParams p, List<FilterParameters.Filter> filters, int maxPage) {
    List<String> ids = ResourceIdParams.volumeIds(p.list("VolumeId"));
    DescribePaging paging = DescribePaging.read(p, 5, maxPage, ids, "volumeIds");
    DescribeVolumesRequest.Builder request = DescribeVolumesRequest.newBuilder()
        .addAllVolumeIds(ids)
        .setMaxResults(paging.maxResults())
        .setNextToken(paging.nextToken());
    Predicate<Volume> local = v -> true;
    for (FilterParameters.Filter f : filters) {
      String backendName = switch (f.name()) {
        case "volume-id", "snapshot-id" -> f.name();
        case "status" -> "state";
        case "availability-zone" -> "zone";
        default -> f.name().startsWith("tag:") ? f.name() : null;
      };
      if (backendName != null) {
        request.addFilters(Filter.newBuilder().setName(backendName).addAllValues(f.values()));
      } else {
        local = local.and(localFilter(f));
      }
    }
    return new VolumeQuery(request.build(), local);
  }

  Page run(BackendBlockingStub backend) {
    DescribeVolumesResponse response = backend.describeVolumes(request);
    return new Page(response.getVolumesList().stream().filter(local).toList(),
        response.getNextToken());
  }

  private static Predicate<Volume> localFilter(FilterParameters.Filter f) {
    return switch (f.name()) {
      case "attachment.instance-id" -> v -> v.getAttachmentsList().stream()
          .map(Attachment::getNodeId).map(Instances::instanceIdOf).anyMatch(f::accepts);
      case "attachment.status" -> v -> v.getAttachmentsList().stream()
          .map(a -> Ec2Names.attachmentState(a)).anyMatch(f::accepts);
      case "tag-key" -> v -> f.values().stream().anyMatch(k -> TagParams.hasKey(v.getTagsList(), k));
      case "volume-type" -> v -> f.accepts(Ec2Names.volumeType(v.getType()));
      case "size" -> v -> f.accepts(Long.toString(v.getSizeGib()));
      case "encrypted" -> v -> f.accepts(Boolean.toString(v.getEncrypted()));
      case "multi-attach-enabled" -> v -> f.accepts(Boolean.toString(v.getMultiAttach()));
      default -> throw new IllegalArgumentException("no local filter " + f.name());
    };
  }
}
