package dev.simebs.backend.server.credentials;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials as files in a directory (mode 0600), one per item: {@code token},
 * {@code admin-token}, {@code tls.crt}, {@code tls.key} and {@code ca.crt}. A driver on the same
 * machine points {@code --backend-token-file} and {@code --backend-ca-file} at two of them.
 */
public record DirectoryCredentials(Path dir) implements CredentialStore {

  private static final Logger log = LoggerFactory.getLogger(DirectoryCredentials.class);

  @Override
  public ServerCredentials loadOrCreate(List<String> names) throws IOException {
    Path token = dir.resolve(ServerCredentials.TOKEN);
    if (Files.exists(token)) {
      Map<String, String> items = new HashMap<>();
      for (String item : ServerCredentials.ITEM_NAMES) {
        Path file = dir.resolve(item);
        if (Files.exists(file)) {
          items.put(item, Files.readString(file));
        }
      }
      return ServerCredentials.fromItems(items, dir.toString());
    }
    ServerCredentials fresh = ServerCredentials.generate(names);
    Files.createDirectories(dir);
    // The token is written last: its presence means the directory is complete.
    for (var item : fresh.items().entrySet()) {
      if (!item.getKey().equals(ServerCredentials.TOKEN)) {
        writePrivately(dir.resolve(item.getKey()), item.getValue());
      }
    }
    writePrivately(token, fresh.token());
    log.info("made new backend credentials in {}", dir);
    return fresh;
  }

  private static void writePrivately(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temporary, content);
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
