package dev.simebs.backend;

import picocli.CommandLine;

/** Runs {@code backend} on its own, e.g. as a child JVM: the same flags as {@code simebs backend}. */
public final class BackendMain {

  private BackendMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new BackendCommand()).execute(args));
  }
}
