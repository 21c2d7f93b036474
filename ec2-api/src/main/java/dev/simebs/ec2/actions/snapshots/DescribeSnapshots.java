package dev.simebs.ec2.actions.snapshots;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.DescribePaging;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.actions.TagParams;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * DescribeSnapshots: by ID, by filters, in pages of 5-1000. Every snapshot is the one account's,
 * so owners ({@code Owner.N}) {@code self} or that account match all, any other owner none.
 */
public record DescribeSnapshots(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  private static final Set<String> FILTERS = Set.of("snapshot-id", "volume-id", "status",
      "owner-id", "tag-key", "description", "volume-size");

  @Override
  public Set<String> parameters() {
    return Set.of("SnapshotId", "Owner", "RestorableBy", "Filter", "MaxResults", "NextToken");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    QueryParams p = request.params();
    List<String> ids = ResourceIdParams.snapshotIds(p.list("SnapshotId"));
    DescribePaging paging = DescribePaging.read(p, 5, 1000, ids, "snapshotIds");
    DescribeSnapshotsRequest.Builder describe = DescribeSnapshotsRequest.newBuilder()
        .addAllSnapshotIds(ids)
        .setMaxResults(paging.maxResults())
        .setNextToken(paging.nextToken());
    List<String> owners = p.list("Owner");
    Predicate<Snapshot> local = s -> owners.isEmpty()
        || owners.contains("self") || owners.contains(Ec2Names.ACCOUNT_ID);
    for (FilterParameters.Filter f : FilterParameters.read(p, FILTERS, true)) {
      switch (f.name()) {
        case "snapshot-id", "volume-id" ->
            describe.addFilters(Filter.newBuilder().setName(f.name()).addAllValues(f.values()));
        case "status" ->
            describe.addFilters(Filter.newBuilder().setName("state").addAllValues(f.values()));
        case "owner-id" -> local = local.and(s -> f.accepts(Ec2Names.ACCOUNT_ID));
        case "tag-key" -> local = local.and(
            s -> f.values().stream().anyMatch(k -> TagParams.hasKey(s.getTagsList(), k)));
        case "description" -> local = local.and(s -> f.accepts(s.getDescription()));
        case "volume-size" ->
            local = local.and(s -> f.accepts(Long.toString(s.getVolumeSizeGib())));
        default -> describe.addFilters(
            Filter.newBuilder().setName(f.name()).addAllValues(f.values()));
      }
    }
    DescribeSnapshotsResponse response = backend.get().describeSnapshots(describe.build());
    out.list("snapshotSet", response.getSnapshotsList().stream().filter(local).toList(),
        SnapshotXml::write);
    out.textIfSet("nextToken", response.getNextToken());
  }
}
