package dev.simebs.ec2.actions.instances;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.Zone;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.FilterParameters;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * DescribeAvailabilityZones: the backend's zones, in the region the client signed for; a zone's
 * ID is its name.
 */
public record DescribeAvailabilityZones(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  private static final Set<String> FILTERS = Set.of("zone-name", "zone-id", "state",
      "region-name");

  @Override
  public Set<String> parameters() {
    return Set.of("ZoneName", "ZoneId", "Filter", "AllAvailabilityZones");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    List<String> names = request.params().list("ZoneName");
    List<String> zoneIds = request.params().list("ZoneId");
    List<Zone> zones = backend.get().describeZones(DescribeZonesRequest.getDefaultInstance())
        .getZonesList();
    for (String name : names) {
      if (zones.stream().noneMatch(z -> z.getName().equals(name))) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "The zone '%s' does not exist in region %s", name, request.region());
      }
    }
    Predicate<Zone> matches = z -> (names.isEmpty() || names.contains(z.getName()))
        && (zoneIds.isEmpty() || zoneIds.contains(z.getName()));
    for (FilterParameters.Filter f : FilterParameters.read(request.params(), FILTERS, false)) {
      matches = matches.and(switch (f.name()) {
        case "zone-name", "zone-id" -> z -> f.accepts(z.getName());
        case "state" -> z -> f.accepts("available");
        default -> z -> f.accepts(request.region());
      });
    }
    out.list("availabilityZoneInfo", zones.stream().filter(matches).toList(), (o, z) -> o
        .text("zoneName", z.getName())
        .text("zoneState", "available")
        .text("regionName", request.region())
        .text("zoneId", z.getName())
        .text("zoneType", "availability-zone")
        .list("messageSet", List.of(), (m, none) -> { }));
  }
}
