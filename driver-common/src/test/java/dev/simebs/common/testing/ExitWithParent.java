package dev.simebs.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM that exits when its standard input ends, that is when
 * the test JVM that started it closes the pipe or dies: a test that crashes leaves no process
 * behind. Arguments: the main class, then its arguments.
 */
public final class ExitWithParent {

  private ExitWithParent() {}

  public static void main(String[] args) throws Throwable {
    Thread.ofPlatform()
        .daemon()
        .name("exit-with-parent")
        .start(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // The parent never writes; only the end matters.
                }
              } catch (IOException e) {
                // A broken pipe is the end as well.
              }
              System.exit(3);
            });
    Class.forName(args[0])
        .getMethod("main", String[].class)
        .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }
}
