package dev.simebs.backend.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.simebs.backend.api.SimulationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a {@link SimulationConfig} from its JSON form (proto3 JSON mapping). */
public final class SimulationFiles {

  private SimulationFiles() {}

  public static SimulationConfig read(Path file) throws IOException {
    SimulationConfig.Builder builder = SimulationConfig.newBuilder();
    try {
      JsonFormat.parser().merge(Files.readString(file), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("invalid simulation config " + file + ": " + e.getMessage(), e);
    }
    return builder.build();
  }

  public static String toJson(SimulationConfig config) throws IOException {
    return JsonFormat.printer().print(config);
  }
}
