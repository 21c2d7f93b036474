package dev.simebs.common.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * A C library function, linked on its first call. Linking a downcall handle spins classes (a
 * stub and its lambda forms) that no start-up cache holds; a node's system calls serve requests
 * that may be minutes away (mounts, the EFS driver's FUSE server), so a plugin's start no longer
 * links dozens of them (docs/performance.md).
 */
public final class LibcFunction {

  private final String name;
  private final FunctionDescriptor descriptor;
  private final Linker.Option[] options;
  private volatile MethodHandle handle;

  private LibcFunction(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    this.name = name;
    this.descriptor = descriptor;
    this.options = options;
  }

  /** A function whose failure needs no errno. */
  public static LibcFunction plain(String name, FunctionDescriptor descriptor) {
    return new LibcFunction(name, descriptor);
  }

  /** A function that reports failure in errno: its handle takes the call-state segment first. */
  public static LibcFunction withErrno(String name, FunctionDescriptor descriptor) {
    return new LibcFunction(name, descriptor, Linker.Option.captureCallState("errno"));
  }

  /** A variadic function whose first variadic argument is given; its failure needs no errno. */
  public static LibcFunction variadic(String name, FunctionDescriptor descriptor, int firstVariadic) {
    return new LibcFunction(name, descriptor, Linker.Option.firstVariadicArg(firstVariadic));
  }

  /** As {@link #withErrno}, for a variadic function whose first variadic argument is given. */
  public static LibcFunction variadicWithErrno(
      String name, FunctionDescriptor descriptor, int firstVariadic) {
    return new LibcFunction(
        name,
        descriptor,
        Linker.Option.captureCallState("errno"),
        Linker.Option.firstVariadicArg(firstVariadic));
  }

  /** The downcall handle, linked now if this is the first call. */
  public MethodHandle handle() {
    MethodHandle linked = handle;
    if (linked == null) {
      synchronized (this) {
        linked = handle;
        if (linked == null) {
          linked = link();
          handle = linked;
        }
      }
    }
    return linked;
  }

  private MethodHandle link() {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(
        linker.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException("libc lacks " + name)),
        descriptor,
        options);
  }
}
