package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.MonitorFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor's name is unique even under concurrent creations: of six submitted at once with one
 * name, one is created and the others are refused as a sequential one is ($.name, already used).
 */
class MonitorNamesTest {
  @TempDir Path dir;

  @Test
  void concurrentCreationsWithOneNameCreateOneMonitor() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      int n = 6;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<Future<String>> tries = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tries.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return f.service
                        .create(
                            MonitorFixture.json(
                                "{'name':'same','model':'m','baseline':{'path':'train.csv'}}"))
                        .id();
                  } catch (InvalidInputException e) {
                    return e.field() + ": " + e.rule();
                  }
                }));
      }
      go.countDown();
      int created = 0;
      for (Future<String> t : tries) {
        String r = t.get();
        if (r.startsWith("mon-")) {
          created++;
        } else {
          assertEquals("$.name: is already used by another monitor", r);
        }
      }
      pool.shutdown();
      assertEquals(1, created);
      assertEquals(1, f.service.monitors().stream().filter(m -> m.name().equals("same")).count());
    }
  }
}
