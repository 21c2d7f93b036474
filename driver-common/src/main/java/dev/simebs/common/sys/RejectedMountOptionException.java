package dev.simebs.common.sys;

/** The file system refused one mount option (fsconfig answered EINVAL or similar for it). */
public final class RejectedMountOptionException extends SystemCallException {

  private final String option;

  RejectedMountOptionException(
      String option, String fsType, SystemCallException cause, String kernelMessages) {
    super(
        "mount option " + option + " of " + fsType,
        cause.errno(),
        kernelMessages.isEmpty() ? cause.description() : kernelMessages);
    this.option = option;
  }

  /** The refused option as the request spelt it. */
  public String option() {
    return option;
  }
}
