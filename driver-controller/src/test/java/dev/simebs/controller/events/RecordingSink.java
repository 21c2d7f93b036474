package dev.simebs.controller.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event recorded, for tests to read. */
final class RecordingSink implements EventSink {

  private final List<VolumeEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(VolumeEvent event) {
    events.add(event);
  }

  List<VolumeEvent> about(String volumeId, String reason) {
    return events.stream().filter(e -> e.volumeId().equals(volumeId) && e.reason().equals(reason)).toList();
  }
}
