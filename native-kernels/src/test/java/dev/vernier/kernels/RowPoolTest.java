package dev.vernier.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The row pool: every row exactly once, in contiguous parts, exceptions passed on, closing. */
class RowPoolTest {
  @Test
  void everyRowRunsOnceInContiguousPartsOnDistinctThreads() {
    for (int threads : new int[] {1, 2, 3, 5}) {
      try (RowPool pool = new RowPool(threads)) {
        for (int n : new int[] {0, 1, 2, 7, 100, 1001}) {
          for (int minRows : new int[] {1, 3, 50, 2000}) {
            int parts = pool.parts(n, minRows);
            assertEquals(Math.max(1, Math.min(threads, n / minRows)), parts);
            int[] hits = new int[n];
            int[][] ranges = new int[parts][];
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            pool.split(
                n,
                minRows,
                (part, from, to) -> {
                  ranges[part] = new int[] {from, to};
                  seen.add(Thread.currentThread());
                  for (int i = from; i < to; i++) {
                    hits[i]++;
                  }
                });
            int[] ones = new int[n];
            java.util.Arrays.fill(ones, 1);
            assertArrayEquals(ones, hits, threads + " threads, n=" + n + ", minRows=" + minRows);
            assertEquals(parts, seen.size(), "one thread per part");
            for (int p = 0; p < parts; p++) {
              assertEquals(p == 0 ? 0 : ranges[p - 1][1], ranges[p][0], "contiguous");
            }
            assertEquals(n, ranges[parts - 1][1]);
          }
        }
      }
    }
  }

  @Test
  void manyShortCallsInARowAllComplete() {
    try (RowPool pool = new RowPool(3)) {
      AtomicInteger rows = new AtomicInteger();
      for (int call = 0; call < 20_000; call++) {
        pool.split(3 + call % 5, 1, (part, from, to) -> rows.addAndGet(to - from));
      }
      int expected = 0;
      for (int call = 0; call < 20_000; call++) {
        expected += 3 + call % 5;
      }
      assertEquals(expected, rows.get());
    }
  }

  @Test
  void aFailingPartIsRethrownAfterEveryPartHasFinished() {
    try (RowPool pool = new RowPool(2)) {
      for (int failing = 0; failing < 2; failing++) {
        int bad = failing;
        AtomicInteger finished = new AtomicInteger();
        IllegalArgumentException thrown = new IllegalArgumentException("part " + bad);
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    pool.split(
                        10,
                        1,
                        (part, from, to) -> {
                          if (part == bad) {
                            throw thrown;
                          }
                          finished.incrementAndGet();
                        }));
        assertSame(thrown, e);
        assertEquals(1, finished.get());
      }
      AtomicInteger rows = new AtomicInteger();
      pool.split(10, 1, (part, from, to) -> rows.addAndGet(to - from));
      assertEquals(10, rows.get(), "the pool still works after a failure");
    }
  }

  @Test
  void aClosedPoolRefusesParallelWorkAndStopsItsThreads() throws InterruptedException {
    RowPool pool = new RowPool(2);
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    pool.split(2, 1, (part, from, to) -> workers.add(Thread.currentThread()));
    workers.remove(Thread.currentThread());
    assertEquals(1, workers.size());
    pool.close();
    pool.close();
    assertThrows(IllegalStateException.class, () -> pool.split(2, 1, (part, from, to) -> {}));
    AtomicInteger rows = new AtomicInteger();
    pool.split(5, 10, (part, from, to) -> rows.addAndGet(to - from));
    assertEquals(5, rows.get(), "work for one part still runs on the caller");
    Thread worker = workers.iterator().next();
    worker.join(10_000);
    assertTrue(!worker.isAlive(), "the worker thread ends after close");
    assertThrows(IllegalArgumentException.class, () -> new RowPool(0));
  }
}
