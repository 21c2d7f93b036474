package dev.simebs.backend.volumes;

import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.VolumeType;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Size, IOPS and throughput rules per volume type, and the defaults a request gets when it leaves
 * them out. docs/backend-sim.md carries the same table for users.
 */
public final class VolumeTypes {

  /** Performance a volume ends up with once the rules are applied. */
  public record Performance(int iops, int throughputMibps) {}

  private VolumeTypes() {}

  /** gp3 when unspecified. */
  public static VolumeType resolve(VolumeType type) {
    return switch (type) {
      case VOLUME_TYPE_UNSPECIFIED -> VolumeType.GP3;
      case UNRECOGNIZED -> throw invalid("type", "unknown volume type");
      default -> type;
    };
  }

  public static long minSizeGib(VolumeType type) {
    return switch (type) {
      case GP2, GP3 -> 1;
      case IO1, IO2 -> 4;
      case ST1, SC1 -> 125;
      case VOLUME_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw invalid("type", "unknown volume type");
    };
  }

  public static long maxSizeGib(VolumeType type) {
    return switch (type) {
      case IO2 -> 65536;
      case GP2, GP3, IO1, ST1, SC1 -> 16384;
      case VOLUME_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw invalid("type", "unknown volume type");
    };
  }

  /** Multi-attach is an io2 feature. */
  public static boolean supportsMultiAttach(VolumeType type) {
    return type == VolumeType.IO2;
  }

  public static void checkSize(VolumeType type, long sizeGib) {
    long min = minSizeGib(type);
    long max = maxSizeGib(type);
    if (sizeGib < min || sizeGib > max) {
      throw invalid(
          "size_gib",
          "size %d GiB is outside %s's range %d-%d GiB".formatted(sizeGib, name(type), min, max));
    }
  }

  /**
   * Applies the type's rules to the requested IOPS and throughput (empty: the default) for a
   * volume of {@code sizeGib}; a value outside the rules is INVALID_PARAMETER_VALUE naming it.
   */
  public static Performance performance(
      VolumeType type, long sizeGib, OptionalInt iops, OptionalInt throughput) {
    return switch (type) {
      case GP2 -> {
        refuse(type, "iops", iops);
        refuse(type, "throughput_mibps", throughput);
        yield new Performance(
            (int) Math.min(16000, Math.max(100, 3 * sizeGib)), sizeGib <= 170 ? 128 : 250);
      }
      case GP3 -> {
        int i = iops.orElse(3000);
        within("iops", i, 3000, 16000, type);
        if (i > 3000 && i > 500L * sizeGib) {
          throw invalid("iops", "iops %d exceeds gp3's 500 IOPS per GiB for %d GiB (max %d)"
              .formatted(i, sizeGib, Math.max(3000, 500L * sizeGib)));
        }
        int t = throughput.orElse(125);
        within("throughput_mibps", t, 125, 1000, type);
        if (t > 125 && t > i / 4) {
          throw invalid("throughput_mibps",
              "throughput %d MiB/s exceeds gp3's 0.25 MiB/s per provisioned IOPS (max %d for %d IOPS)"
                  .formatted(t, Math.max(125, i / 4), i));
        }
        yield new Performance(i, t);
      }
      case IO1 -> provisioned(type, sizeGib, iops, throughput, 64000, 50, 1000);
      case IO2 -> provisioned(type, sizeGib, iops, throughput, 256000, 1000, 4000);
      case ST1 -> {
        refuse(type, "iops", iops);
        refuse(type, "throughput_mibps", throughput);
        yield new Performance(500, (int) Math.min(500, Math.max(1, 40 * sizeGib / 1024)));
      }
      case SC1 -> {
        refuse(type, "iops", iops);
        refuse(type, "throughput_mibps", throughput);
        yield new Performance(250, (int) Math.min(250, Math.max(1, 12 * sizeGib / 1024)));
      }
      case VOLUME_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw invalid("type", "unknown volume type");
    };
  }

  private static Performance provisioned(
      VolumeType type, long sizeGib, OptionalInt iops, OptionalInt throughput,
      int maxIops, int iopsPerGib, int maxThroughput) {
    refuse(type, "throughput_mibps", throughput);
    int i = iops.orElse(100);
    within("iops", i, 100, maxIops, type);
    if (i > iopsPerGib * sizeGib) {
      throw invalid("iops", "iops %d exceeds %s's %d IOPS per GiB for %d GiB (max %d)"
          .formatted(i, name(type), iopsPerGib, sizeGib, iopsPerGib * sizeGib));
    }
    // Throughput follows IOPS (256 KiB I/Os), as the cloud reports it.
    return new Performance(i, (int) Math.min(maxThroughput, Math.max(1, i / 4)));
  }

  private static void within(String field, int value, int min, int max, VolumeType type) {
    if (value < min || value > max) {
      throw invalid(field,
          "%s %d is outside %s's range %d-%d".formatted(field, value, name(type), min, max));
    }
  }

  private static void refuse(VolumeType type, String field, OptionalInt value) {
    if (value.isPresent()) {
      throw invalid(field, "%s cannot be set for %s volumes".formatted(field, name(type)));
    }
  }

  public static String name(VolumeType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  private static RuntimeException invalid(String field, String message) {
    return BackendErrors.error(INVALID_PARAMETER_VALUE, field + ": " + message);
  }
}
