package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract of every {@link MonitorRepository}. */
public abstract class MonitorRepositoryContract extends RepositoryContract {
  MonitorRepository monitors() {
    return repos.monitors();
  }

  @Test
  void aCreatedMonitorIsReadBackWithItsBaseline() {
    createMonitor("mon-b", 500);
    MonitorRecord m = monitors().monitor(ID).orElseThrow();
    assertEquals("name-" + ID, m.name());
    assertEquals(MonitorState.ACTIVE, m.state());
    assertEquals(1_000, m.createdAt());
    assertNull(m.lastRetrainAt());
    assertNull(m.stateReason());
    assertTrue(m.specJson().contains(ID), m.specJson());
    assertEquals("{\"baseline\":\"" + ID + "\"}", monitors().baseline(ID).orElseThrow());
    assertEquals(
        List.of("mon-b", ID),
        monitors().monitors().stream().map(MonitorRecord::id).toList(),
        "oldest first");
    assertTrue(monitors().monitor("mon-none").isEmpty());
    assertTrue(monitors().baseline("mon-none").isEmpty());
  }

  @Test
  void aSecondMonitorWithTheSameIdIsRefusedAndNothingOfItIsStored() {
    assertThrows(RuntimeException.class, () -> createMonitor(ID, 2_000));
    assertEquals(1, monitors().monitors().size());
    assertEquals(1_000, monitors().monitor(ID).orElseThrow().createdAt());
  }

  @Test
  void healthDegradesSinceTheFirstFailureAndRecovers() {
    monitors().setHealth(ID, "broker down", 100);
    MonitorRecord m = monitors().monitor(ID).orElseThrow();
    assertEquals(MonitorState.DEGRADED, m.state());
    assertEquals("broker down", m.stateReason());
    assertEquals(100L, m.stateSince());
    monitors().setHealth(ID, "still down", 200);
    m = monitors().monitor(ID).orElseThrow();
    assertEquals("still down", m.stateReason());
    assertEquals(100L, m.stateSince(), "since the first failure");
    monitors().setHealth(ID, null, 300);
    m = monitors().monitor(ID).orElseThrow();
    assertEquals(MonitorState.ACTIVE, m.state());
    assertNull(m.stateReason());
    assertNull(m.stateSince());
  }

  @Test
  void deletingRemovesTheMonitorAndWhatItOwnsOnce() {
    ingest(100, 200);
    assertTrue(monitors().delete(ID));
    assertTrue(monitors().monitor(ID).isEmpty());
    assertTrue(monitors().baseline(ID).isEmpty());
    assertEquals(Map.of(), monitors().counters(ID));
    assertFalse(monitors().delete(ID), "already gone");
  }

  @Test
  void countersStartEmptyAndAddUpByName() {
    assertEquals(Map.of(), monitors().counters(ID));
    ingest(100, 200);
    ingest(300);
    assertEquals(3L, monitors().counters(ID).get("events_accepted"));
    assertEquals(
        monitors().counters(ID).keySet().stream().sorted().toList(),
        List.copyOf(monitors().counters(ID).keySet()),
        "sorted by name");
  }
}
