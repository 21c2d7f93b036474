package dev.simebs.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Names every SimEBS component agrees on, and the version of this build. */
public final class DriverInfo {

  /** The CSI driver name, as the CSIDriver object and StorageClasses name it. */
  public static final String DRIVER_NAME = "ebs.csi.simebs.dev";

  /** Our topology key; its value is a zone name. */
  public static final String ZONE_TOPOLOGY_KEY = "topology.ebs.csi.simebs.dev/zone";

  /** Kubernetes' well-known zone key, accepted in accessibility requirements too. */
  public static final String WELL_KNOWN_ZONE_KEY = "topology.kubernetes.io/zone";

  private static final String VERSION = loadVersion();

  private DriverInfo() {}

  /** The version of this build, from the Maven project version. */
  public static String version() {
    return VERSION;
  }

  private static String loadVersion() {
    try (InputStream in = DriverInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
