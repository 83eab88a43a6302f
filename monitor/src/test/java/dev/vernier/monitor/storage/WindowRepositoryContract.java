package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.window.WindowData;
import dev.vernier.monitor.window.WindowState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of every {@link WindowRepository}. */
public abstract class WindowRepositoryContract extends RepositoryContract {
  WindowRepository windows() {
    return repos.windows();
  }

  @Test
  void eventsCollectInOpenWindowsOldestFirst() {
    ingest(1_500, 100, 1_200);
    ingest(300);
    List<WindowRecord> open = windows().openWindows(ID);
    assertEquals(List.of(0L, 1_000L), open.stream().map(WindowRecord::start).toList());
    assertEquals(List.of(2L, 2L), open.stream().map(WindowRecord::events).toList());
    assertEquals(WindowState.OPEN, open.get(0).state());
    assertEquals(1_000, open.get(0).end());
    WindowData data = windows().windowData(ID, 0, COLS);
    assertEquals(2, data.rows());
    assertArrayEquals(new float[] {100, 1, 300, 1}, data.features(), "in arrival order");
  }

  @Test
  void aWindowClosesOnceWithItsResultAndLaterEventsForItAreLate() {
    ingest(100, 200);
    WindowRecord w = open(0);
    WindowWrite stale =
        windows()
            .closeWindow(ID, w, 1, 0, "{}", null, new RaisedAlerts(List.of(), 5_000, 0, List.of()));
    assertTrue(stale.changed(), "it holds 2 events, not 1");
    assertEquals(WindowState.OPEN, open(0).state());

    WindowWrite closed =
        close(0, 5_000, 0, List.of(alert("drift", false), alert("data_quality", false)), List.of());
    assertFalse(closed.changed());
    assertEquals(2, closed.alertIds().size());
    assertTrue(close0Again().changed(), "a second closer finds it closed");
    WindowRecord r = windows().windows(ID, 10).get(0);
    assertEquals(WindowState.CLOSED, r.state());
    assertEquals(5_000L, r.closedAt());
    assertEquals("{\"window\":0}", r.resultJson());
    assertEquals(0, windows().windowData(ID, 0, COLS).rows(), "its rows are gone");
    assertEquals(1L, repos.monitors().counters(ID).get("windows_closed"));
    assertEquals(2L, repos.monitors().counters(ID).get("alerts_raised"));
    IngestBatch.Result late = ingest(999, 1_000);
    assertEquals(1, late.late());
    assertEquals(1, late.accepted());
  }

  WindowWrite close0Again() {
    return windows()
        .closeWindow(
            ID,
            new WindowRecord(0, 1_000, WindowState.OPEN, 2, null, null),
            2,
            0,
            "{}",
            null,
            new RaisedAlerts(List.of(alert("drift", false)), 6_000, 0, List.of()));
  }

  @Test
  void aFailedWindowKeepsItsErrorAndRaisesNothing() {
    ingest(100, 200);
    ingest(1_100);
    WindowRecord w = open(0);
    assertFalse(windows().failWindow(ID, w, 3, "{\"error\":{}}", 7_000), "stale count");
    assertTrue(windows().failWindow(ID, w, 2, "{\"error\":{\"message\":\"boom\"}}", 7_000));
    assertFalse(windows().failWindow(ID, w, 2, "{}", 8_000), "once");
    WindowRecord failed = windows().windows(ID, 10).get(1);
    assertEquals(WindowState.FAILED, failed.state());
    assertTrue(failed.resultJson().contains("boom"));
    assertEquals(1L, repos.monitors().counters(ID).get("windows_failed"));
    assertEquals(1, ingest(500).late(), "its late events count as late");
    assertTrue(windows().closedWindowsUpTo(ID, 10_000, 10).isEmpty(), "FAILED is not CLOSED");
  }

  @Test
  void closedWindowsAreListedNewestFirstWithTheirHistograms() {
    ingest(100, 1_100, 2_100, 3_100);
    close(0, 1, 0, List.of(), List.of());
    close(1_000, 2, 0, List.of(), List.of());
    close(2_000, 3, 0, List.of(), List.of());
    assertEquals(
        List.of(3_000L, 2_000L),
        windows().windows(ID, 2).stream().map(WindowRecord::start).toList());
    assertEquals(
        List.of(1_000L, 0L),
        windows().closedWindowsUpTo(ID, 1_000, 5).stream().map(WindowRecord::start).toList());
    List<WindowRepository.WindowCounts> h = windows().windowHistograms(ID, 10);
    assertEquals(List.of(2_000L, 1_000L, 0L), h.stream().map(c -> c.start()).toList());
    assertNotNull(h.get(0).histograms());
    assertArrayEquals(new byte[] {1, 2}, h.get(0).histograms());
    assertEquals(3_000, h.get(0).end());
  }

  /**
   * Two replicas (two stores on one database) close the same due windows at once, each raising an
   * alert that wants retraining: each window is closed once, with one result and one alert, and one
   * alert claims the retraining cool-down.
   */
  @Test
  void twoReplicasClosingTheSameWindowsCloseEachOnce() throws Exception {
    int n = 30;
    for (int w = 0; w < n; w++) {
      ingest(w * 1_000L + 10, w * 1_000L + 20);
    }
    Repositories other = repos.another().get();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      List<java.util.concurrent.Future<Integer>> f = new java.util.ArrayList<>();
      for (WindowRepository r : List.of(windows(), other.windows())) {
        f.add(
            pool.submit(
                () -> {
                  List<WindowRecord> due = r.openWindows(ID);
                  start.await();
                  int stored = 0;
                  for (WindowRecord w : due) {
                    WindowWrite written =
                        r.closeWindow(
                            ID,
                            w,
                            w.events(),
                            0,
                            "{\"events\":" + w.events() + "}",
                            null,
                            new RaisedAlerts(
                                List.of(alert("drift", true)), 5_000, 3_600_000, List.of("k")));
                    stored += written.changed() ? 0 : 1;
                  }
                  return stored;
                }));
      }
      int stored = f.get(0).get() + f.get(1).get();
      assertEquals(n, stored, "each window stored once between the two");
    } finally {
      pool.shutdownNow();
      other.closer().close();
    }
    List<WindowRecord> all = windows().windows(ID, 100);
    assertEquals(n, all.size());
    for (WindowRecord w : all) {
      assertEquals(WindowState.CLOSED, w.state());
      assertEquals("{\"events\":2}", w.resultJson());
    }
    assertEquals(n, repos.alerts().alerts(ID, 100).size(), "one alert per window");
    assertEquals((long) n, repos.monitors().counters(ID).get("windows_closed"));
    assertEquals((long) n, repos.monitors().counters(ID).get("alerts_raised"));
    long claimed =
        repos.alerts().alerts(ID, 100).stream()
            .filter(a -> a.retraining().state() == RetrainState.PENDING)
            .count();
    assertEquals(1, claimed, "one alert claims the cool-down");
  }

  /**
   * One replica stores batches while another closes the windows they write to: a batch and a
   * closing never interleave, so no event lands in a window after its evaluation (its stored result
   * counts every event it holds), no rows are left behind a closed window, and every event is in a
   * window or counted late.
   */
  @Test
  void batchesAndClosingsOnTwoReplicasNeverInterleave() throws Exception {
    int batches = 150;
    Repositories other = repos.another().get();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    try {
      var writer =
          pool.submit(
              () -> {
                for (int i = 0; i < batches; i++) {
                  long t = 10_000 + i * 1_000L;
                  // each batch adds to its own window and the two before it (times repeat across
                  // batches: each event has an id of its own, so none is a duplicate)
                  List<dev.vernier.monitor.event.InferenceEvent> events =
                      new java.util.ArrayList<>();
                  long[] times = {t + 500, t + 600, t - 400, t - 1_300};
                  for (int k = 0; k < times.length; k++) {
                    events.add(
                        new dev.vernier.monitor.event.InferenceEvent(
                            "b" + i + "-" + k, times[k], new float[] {times[k], 1}, new int[0], 1));
                  }
                  ingest(events, List.of());
                }
                done.set(true);
                return null;
              });
      var closer =
          pool.submit(
              () -> {
                int closed = 0;
                while (!done.get() || !other.windows().openWindows(ID).isEmpty()) {
                  for (WindowRecord w : other.windows().openWindows(ID)) {
                    WindowWrite written =
                        other
                            .windows()
                            .closeWindow(
                                ID,
                                w,
                                w.events(),
                                0,
                                "{\"events\":" + w.events() + "}",
                                null,
                                new RaisedAlerts(List.of(), 5_000, 0, List.of()));
                    closed += written.changed() ? 0 : 1;
                  }
                }
                return closed;
              });
      writer.get();
      closer.get();
    } finally {
      done.set(true);
      pool.shutdownNow();
      other.closer().close();
    }
    long inWindows = 0;
    for (WindowRecord w : windows().windows(ID, 1_000)) {
      assertEquals(WindowState.CLOSED, w.state());
      assertEquals(
          "{\"events\":" + w.events() + "}",
          w.resultJson(),
          "window " + w.start() + ": no event added after its evaluation");
      assertEquals(0, windows().windowData(ID, w.start(), COLS).rows(), "no rows left behind");
      inWindows += w.events();
    }
    var counters = repos.monitors().counters(ID);
    long late = counters.getOrDefault("events_late", 0L);
    assertEquals(4L * batches, inWindows + late, "every event in a window or late");
    assertEquals(inWindows, counters.get("events_accepted"));
    assertEquals(null, counters.get("events_duplicate"));
  }
}
