package dev.simebs.common.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a directory tree that lies beneath a root, walking every step relative to an open
 * directory (openat/unlinkat through {@link SecureDirectoryStream}) and never following a
 * symbolic link. Other clients may be writing in the same file system, and a link swapped in
 * half way must not turn the removal into one outside the root.
 */
public final class ConfinedRemoval {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private ConfinedRemoval() {}

  /**
   * Removes {@code root/components…} and everything below it.
   *
   * @param components the path below {@code root}, one name each (no "/", ".", ".."); at least one
   * @return false when the tree was not there (already removed)
   * @throws IOException when a step of the path is a link or not a directory, or removal fails
   */
  public static boolean remove(Path root, List<String> components) throws IOException {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("refusing to remove the root " + root + " itself");
    }
    for (String name : components) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
        throw new IllegalArgumentException("not a single path component: '" + name + "'");
      }
    }
    List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
    try {
      SecureDirectoryStream<Path> current = secure(Files.newDirectoryStream(root));
      opened.add(current);
      for (String name : components.subList(0, components.size() - 1)) {
        current = current.newDirectoryStream(Path.of(name), NOFOLLOW);
        opened.add(current);
      }
      removeEntry(current, Path.of(components.getLast()));
      return true;
    } catch (NoSuchFileException gone) {
      return false;
    } finally {
      for (SecureDirectoryStream<Path> stream : opened.reversed()) {
        stream.close();
      }
    }
  }

  private static void removeEntry(SecureDirectoryStream<Path> parent, Path name) throws IOException {
    BasicFileAttributes attributes =
        parent.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
    if (attributes.isDirectory()) {
      try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, NOFOLLOW)) {
        List<Path> children = new ArrayList<>();
        for (Path child : dir) {
          children.add(child.getFileName());
        }
        for (Path child : children) {
          removeEntry(dir, child);
        }
      }
      parent.deleteDirectory(name);
    } else {
      parent.deleteFile(name);
    }
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream)
      throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException("this platform offers no openat-style directory streams");
  }
}
