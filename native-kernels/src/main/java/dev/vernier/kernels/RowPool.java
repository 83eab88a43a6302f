package dev.vernier.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits row ranges over a fixed number of threads: the caller's thread plus {@code threads - 1}
 * daemon workers. Backends use it for their own (non-BLAS) kernels, so a kernel never runs more
 * than {@code threads} threads. Closing stops the workers.
 */
public final class RowPool implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Work on rows {@code [from, to)} by the {@code part}-th of {@code parts} participants. */
  @FunctionalInterface
  public interface Chunk {
    void run(int part, int from, int to);
  }

  private final int threads;
  private final ExecutorService workers;

  public RowPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.workers =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "vernier-kernels-" + id + "-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  public int threads() {
    return threads;
  }

  /**
   * How many parts {@link #split} will use for {@code n} rows with at least {@code minRows} each.
   */
  public int parts(int n, int minRows) {
    return (int) Math.max(1, Math.min(threads, n / (long) Math.max(1, minRows)));
  }

  /**
   * Runs {@code chunk} over {@code [0, n)} cut into {@link #parts} contiguous parts, in parallel,
   * and returns when all are done. An exception in any part is rethrown.
   */
  public void split(int n, int minRows, Chunk chunk) {
    int parts = parts(n, minRows);
    if (parts == 1 || workers == null) {
      chunk.run(0, 0, n);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      final int part = p;
      futures.add(
          workers.submit(() -> chunk.run(part, bound(n, parts, part), bound(n, parts, part + 1))));
    }
    RuntimeException first = null;
    try {
      chunk.run(0, 0, bound(n, parts, 1));
    } catch (RuntimeException e) {
      first = e;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for kernel threads", e);
      } catch (ExecutionException e) {
        if (first == null) {
          first =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new IllegalStateException(e.getCause());
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static int bound(int n, int parts, int p) {
    return (int) ((long) n * p / parts);
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
  }
}
