package dev.simebs.backend.attachments;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Device names as a Xen/Nitro cloud hands them out: /dev/xvdba, /dev/xvdbb, ... /dev/xvdbz,
 * /dev/xvdca, ... The lowest name free on the node is taken, so names are stable and unique per
 * node for as long as the attachment lasts.
 */
public final class DeviceNames {

  /** 24 second letters (b-y) × 26 third letters. */
  public static final int MAX = 24 * 26;

  private DeviceNames() {}

  public static String of(int index) {
    return "/dev/xvd" + (char) ('b' + index / 26) + (char) ('a' + index % 26);
  }

  /** The lowest device name not in {@code taken}. */
  public static String firstFree(Collection<String> taken) {
    Set<String> used = taken.stream().collect(Collectors.toSet());
    for (int i = 0; i < MAX; i++) {
      if (!used.contains(of(i))) {
        return of(i);
      }
    }
    throw new IllegalStateException("no free device name among " + MAX);
  }
}
