package dev.simebs.common.grpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Makes a unix socket path ready to listen on. A socket file left by a dead server is removed; a
 * socket that still answers, or anything that is not a socket, is refused and left untouched,
 * because removing it could cut off a live server or destroy a user's file.
 */
final class SocketFiles {

  private static final int FILE_TYPE_MASK = 0170000;
  private static final int SOCKET_TYPE = 0140000;

  private SocketFiles() {}

  static void prepareForListening(Path socket) throws IOException {
    Files.createDirectories(socket.getParent());
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!isSocket(socket)) {
      throw new IOException(
          "refusing to replace " + socket + ": it exists and is not a unix socket");
    }
    if (answers(socket)) {
      throw new IOException("refusing to replace " + socket + ": another server is listening on it");
    }
    Files.delete(socket);
  }

  static boolean isSocket(Path path) throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & FILE_TYPE_MASK) == SOCKET_TYPE;
  }

  private static boolean answers(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException refused) {
      return false;
    }
  }
}
