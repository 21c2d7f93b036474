package dev.simebs.backend.store;

import java.time.Duration;

/** Hears how group commit goes: each transaction's size and cost, each round of directory fsyncs. */
public interface CommitListener {

  /** One transaction committed {@code mutations} mutations; its COMMIT (the WAL fsync) took {@code took}. */
  void committed(int mutations, Duration took);

  /** The sync stage made {@code directories} directories durable in {@code took}. */
  void directoriesSynced(int directories, Duration took);
}
