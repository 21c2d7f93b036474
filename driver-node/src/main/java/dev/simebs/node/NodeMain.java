package dev.simebs.node;

import picocli.CommandLine;

/** Runs {@code node} on its own, e.g. as a child JVM: the same flags as {@code simebs node}. */
public final class NodeMain {

  private NodeMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new NodeCommand()).execute(args));
  }
}
