package dev.simebs.bench.scenario;

import dev.simebs.bench.csi.DriverProfile;
import java.util.List;

/** Builds the phases of a scenario against a driver. */
public final class Workloads {

  private Workloads() {}

  public static List<Phase> phases(Settings settings, DriverProfile profile, long seed) {
    Orchestrator co = new Orchestrator(profile, settings);
    return switch (settings.scenario()) {
      case startup -> List.of();
      case provision -> main(settings, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.provision));
      case attach -> {
        if (!profile.controllerPublish()) {
          throw new IllegalStateException(
              "the attach scenario needs a driver with PUBLISH_UNPUBLISH_VOLUME; "
                  + profile.pluginName() + " does not advertise it");
        }
        yield main(settings, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.attach));
      }
      case lifecycle -> main(settings, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.lifecycle));
      case snapshot -> main(settings, new SnapshotUnit(co));
      case expand -> main(settings, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.expand));
      case list -> new ListWorkload(co).phases();
      case mixed -> main(settings, new MixedUnit(co, seed));
      case efs -> main(settings, new SharedVolumeUnit(co));
    };
  }

  /** The main phase, after a warm-up phase (its units numbered after the main ones) if asked. */
  private static List<Phase> main(Settings settings, Unit unit) {
    Phase main = new Phase(ScenarioKind.MAIN_PHASE, settings.volumes(), settings.concurrency(), unit);
    if (settings.warmup() == 0) {
      return List.of(main);
    }
    Unit shifted = (csi, index) -> unit.run(csi, settings.volumes() + index);
    return List.of(new Phase("warmup", settings.warmup(), settings.concurrency(), shifted), main);
  }
}
