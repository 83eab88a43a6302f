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
}
