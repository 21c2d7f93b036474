package dev.simebs.backend.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dir;
  Database db;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(dir.resolve("test.db"), 2, syncDir -> {});
  }

  @AfterEach
  void close() {
    db.close();
  }

  private void insertNode(String id) {
    db.write(c -> {
      try (PreparedStatement s =
          c.prepareStatement("INSERT INTO nodes (id, zone, attachment_limit) VALUES (?, 'z', 0)")) {
        s.setString(1, id);
        s.executeUpdate();
      }
      return null;
    });
  }

  private int nodeCount() {
    return db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nodes")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  @Test
  void databaseRunsInWalModeWithFullSync() {
    String mode = db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        return rs.getString(1);
      }
    });

    assertThat(mode).isEqualTo("wal");
  }

  @Test
  void aFailingMutationRollsBackAloneAndItsCallerGetsTheError() throws Exception {
    List<Future<?>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        String id = "n" + i;
        boolean failing = i % 5 == 0;
        results.add(pool.submit(() -> db.write(c -> {
          try (PreparedStatement s = c.prepareStatement(
              "INSERT INTO nodes (id, zone, attachment_limit) VALUES (?, 'z', 0)")) {
            s.setString(1, id);
            s.executeUpdate();
          }
          if (failing) {
            throw BackendErrors.error(ErrorReason.INCORRECT_STATE, "no " + id);
          }
          return id;
        })));
      }
    }
    int failed = 0;
    for (Future<?> result : results) {
      try {
        result.get();
      } catch (ExecutionException e) {
        assertThat(BackendErrors.reasonOf(e.getCause())).isEqualTo(ErrorReason.INCORRECT_STATE);
        failed++;
      }
    }

    assertThat(failed).isEqualTo(4);
    assertThat(nodeCount()).isEqualTo(16);
  }

  @Test
  void aWriteIsVisibleToReadsOnceItReturns() {
    insertNode("n1");

    assertThat(nodeCount()).isEqualTo(1);
  }

  @Test
  void writesAfterCloseAreServiceUnavailable() {
    db.close();

    assertThatThrownBy(() -> insertNode("late"))
        .satisfies(e -> assertThat(BackendErrors.reasonOf(e))
            .isEqualTo(ErrorReason.SERVICE_UNAVAILABLE));
  }

  @Test
  void committedWritesSurviveReopening() throws Exception {
    insertNode("n1");
    db.close();

    db = Database.open(dir.resolve("test.db"), 2, syncDir -> {});

    assertThat(nodeCount()).isEqualTo(1);
  }

  @Test
  void anInterruptedCallerStillLearnsWhetherItsWriteCommitted() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Void> release = new CompletableFuture<>();
    AtomicReference<String> outcome = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread caller = Thread.ofVirtual().start(() -> {
      outcome.set(db.write(c -> {
        running.countDown();
        release.join();
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO nodes (id, zone, attachment_limit) VALUES ('n1', 'z', 0)")) {
          s.executeUpdate();
        }
        return "committed";
      }));
      interruptKept.set(Thread.currentThread().isInterrupted());
    });
    running.await();

    caller.interrupt();
    release.complete(null);
    caller.join();

    assertThat(outcome.get()).isEqualTo("committed");
    assertThat(interruptKept).isTrue();
    assertThat(nodeCount()).isEqualTo(1);
  }
}
