package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * DescribeVolumeStatus: {@code ok}, or {@code impaired} with the reason as an event for volumes
 * the simulation marked impaired; {@code insufficient-data} while a volume is being created.
 */
public record DescribeVolumeStatus(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  private static final Set<String> FILTERS = Set.of("volume-id", "availability-zone",
      "volume-status.status");

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId", "Filter", "MaxResults", "NextToken");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    List<FilterParameters.Filter> filters = new ArrayList<>();
    List<FilterParameters.Filter> statusFilters = new ArrayList<>();
    for (FilterParameters.Filter f : FilterParameters.read(request.params(), FILTERS, false)) {
      (f.name().equals("volume-status.status") ? statusFilters : filters).add(f);
    }
    VolumeQuery.Page page = VolumeQuery.read(request.params(), filters, 1000).run(backend.get());
    List<Volume> volumes = page.volumes().stream()
        .filter(v -> statusFilters.stream().allMatch(f -> f.accepts(status(v))))
        .toList();
    out.list("volumeStatusSet", volumes, DescribeVolumeStatus::write);
    out.textIfSet("nextToken", page.nextToken());
  }

  private static String status(Volume v) {
    if (v.getState() == VolumeState.CREATING) {
      return "insufficient-data";
    }
    return v.getImpaired() ? "impaired" : "ok";
  }

  private static void write(XmlAnswer out, Volume v) {
    String status = status(v);
    out.text("volumeId", v.getVolumeId())
        .text("availabilityZone", v.getZone())
        .open("volumeStatus")
        .text("status", status)
        .list("details", List.of("io-enabled", "io-performance"), (o, name) -> o
            .text("name", name)
            .text("status", switch (status) {
              case "impaired" -> name.equals("io-enabled") ? "failed" : "not-applicable";
              case "ok" -> name.equals("io-enabled") ? "passed" : "not-applicable";
              default -> "insufficient-data";
            }))
        .close();
    List<String> events = v.getImpaired() ? List.of(v.getImpairedReason()) : List.of();
    out.list("eventsSet", events, (o, reason) -> o
        .text("eventType", "potential-data-inconsistency")
        .text("description", reason.isEmpty() ? "The volume is impaired." : reason));
    out.list("actionsSet", List.of(), (o, none) -> { });
  }
}
