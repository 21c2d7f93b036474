package dev.simebs.controller.events;

/** Where volume events go: Kubernetes when the controller runs in a cluster, nowhere otherwise. */
@FunctionalInterface
public interface EventSink {

  /** Records {@code event}; must not block the caller for long. */
  void record(VolumeEvent event);

  static EventSink none() {
    return event -> {};
  }
}
