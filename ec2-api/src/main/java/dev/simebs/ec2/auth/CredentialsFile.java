package dev.simebs.ec2.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The key pairs the EC2 API accepts, in the AWS CLI's credentials-file format, so the same file
 * serves the server and its clients ({@code AWS_SHARED_CREDENTIALS_FILE=FILE aws ec2 ...}):
 *
 * <pre>
 * [default]
 * aws_access_key_id = AKIA...
 * aws_secret_access_key = ...
 * simebs_access = read-only     # optional; read-write unless given
 * </pre>
 *
 * Every profile with both keys is accepted. The AWS CLI and SDKs ignore {@code simebs_access}.
 */
public final class CredentialsFile {

  static final String KEY_ID = "aws_access_key_id";
  static final String SECRET = "aws_secret_access_key";
  static final String ACCESS = "simebs_access";

  private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private CredentialsFile() {}

  /** The keys in {@code file}; a file with none is an error, as it would lock everyone out. */
  public static List<AccessKey> read(Path file) throws IOException {
    List<AccessKey> keys = parse(Files.readString(file), file.toString());
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(file + ": no profile has both " + KEY_ID + " and "
          + SECRET);
    }
    return keys;
  }

  /**
   * The keys in {@code file}, first writing one fresh key pair there (mode 0600, created
   * atomically so no other user can ever read it) when the file does not exist.
   */
  public static List<AccessKey> readOrGenerate(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      SecureRandom random = new SecureRandom();
      String text = "# SimEBS EC2 API keys (AWS CLI credentials-file format)\n[default]\n"
          + KEY_ID + " = AKIA" + randomText(random, ID_ALPHABET, 16) + "\n"
          + SECRET + " = " + randomText(random, SECRET_ALPHABET, 40) + "\n";
      try {
        Files.createFile(file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
      } catch (FileAlreadyExistsException raced) {
        // Another process wrote it first: use theirs.
      }
    }
    return read(file);
  }

  static List<AccessKey> parse(String text, String source) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    int lineNumber = 0;
    for (String raw : text.split("\\R")) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
            name -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (current == null || eq < 0) {
        throw new IllegalArgumentException(
            source + ":" + lineNumber + ": expected [profile] or key = value");
      }
      current.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT),
          line.substring(eq + 1).strip());
    }
    List<AccessKey> keys = new ArrayList<>();
    sections.forEach((profile, entries) -> {
      if (entries.containsKey(KEY_ID) && entries.containsKey(SECRET)) {
        keys.add(new AccessKey(profile, entries.get(KEY_ID), entries.get(SECRET),
            access(source, profile, entries.getOrDefault(ACCESS, "read-write"))));
      }
    });
    return keys;
  }

  private static AccessKey.Access access(String source, String profile, String value) {
    return switch (value) {
      case "read-write" -> AccessKey.Access.READ_WRITE;
      case "read-only" -> AccessKey.Access.READ_ONLY;
      default -> throw new IllegalArgumentException(source + ": profile [" + profile + "]: "
          + ACCESS + " must be read-write or read-only, not '" + value + "'");
    };
  }

  private static String randomText(SecureRandom random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
