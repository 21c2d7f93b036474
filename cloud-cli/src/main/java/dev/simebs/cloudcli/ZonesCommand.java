package dev.simebs.cloudcli;

import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.DescribeZonesResponse;
import dev.simebs.backend.api.Zone;
import picocli.CommandLine.Command;

/** {@code simebs cloud zones}: availability zones and their capacity. */
@Command(name = "zones", mixinStandardHelpOptions = true, description = "List zones with their capacity, used and free.")
final class ZonesCommand extends CloudCall {

  @Override
  void run(CloudSession connection, Printer out) {
    DescribeZonesResponse answer = connection.backend().describeZones(DescribeZonesRequest.getDefaultInstance());
    out.print(answer, () -> {
      Table table = new Table("ZONE", "CAPACITY", "USED", "FREE");
      for (Zone z : answer.getZonesList()) {
        table.row(z.getName(), z.getCapacityGib() + "Gi", z.getUsedGib() + "Gi", z.getFreeGib() + "Gi");
      }
      return table;
    });
  }
}
