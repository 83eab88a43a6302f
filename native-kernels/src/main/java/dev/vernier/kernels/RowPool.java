package dev.vernier.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits row ranges over a fixed number of threads: the caller's thread plus {@code threads - 1}
 * daemon workers. Backends use it for their own kernels (and the cpu backend for its gemm parts),
 * so a kernel never runs more than {@code threads} threads. Closing stops the workers.
 *
 * <p>Built for many short calls (a training step makes a dozen of a few microseconds each): a
 * worker that finishes a part waits {@link #WAIT_NANOS} for the next one before it parks, so
 * back-to-back calls start in well under a microsecond and an idle pool costs no CPU. Waiting (the
 * worker for work, the caller for the workers) spins only {@link #SPIN_NANOS}, then yields: when
 * the process has more runnable threads than cores (the JIT compiling, another process), a waiting
 * thread hands its core over instead of burning it while a descheduled partner waits for one. A
 * thread pool that only spins (OpenBLAS's) slows a whole training epoch by tens of times in that
 * case; this one by about the share of the cores that it loses.
 *
 * <p>One caller at a time, as the {@link Kernels} contract says; {@code split} must not be called
 * from inside a chunk.
 */
public final class RowPool implements AutoCloseable {
  /** How long an idle worker (or the caller waiting on one) spins before it starts yielding. */
  static final long SPIN_NANOS = 5_000;

  /** How long an idle worker waits, spinning then yielding, before it parks. */
  static final long WAIT_NANOS = 100_000;

  /** How long the caller yields before it sleeps in short naps (a part that runs much longer). */
  private static final long CALLER_YIELD_NANOS = 1_000_000;

  private static final long CALLER_NAP_NANOS = 50_000;

  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Work on rows {@code [from, to)} by the {@code part}-th of {@code parts} participants. */
  @FunctionalInterface
  public interface Chunk {
    void run(int part, int from, int to);
  }

  private final int threads;
  private final Worker[] workers;
  private volatile Job job = new Job(null, 0, 0, 0);
  private volatile boolean closed;
  private final AtomicInteger pending = new AtomicInteger();

  public RowPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    int id = POOLS.incrementAndGet();
    this.workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1, "vernier-kernels-" + id + "-" + (i + 1));
    }
    for (Worker w : workers) {
      w.thread.start();
    }
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
   * and returns when all are done. An exception in any part is rethrown (the first part's first).
   */
  public void split(int n, int minRows, Chunk chunk) {
    int p = parts(n, minRows);
    if (p == 1) {
      chunk.run(0, 0, n);
      return;
    }
    if (closed) {
      throw new IllegalStateException("kernel thread pool used after close");
    }
    for (int i = 1; i < p; i++) {
      workers[i - 1].failure = null;
    }
    pending.set(p - 1);
    job = new Job(chunk, n, p, job.generation + 1); // publishes it
    for (int i = 1; i < p; i++) {
      Worker w = workers[i - 1];
      if (w.parked) {
        LockSupport.unpark(w.thread);
      }
    }
    Throwable first = null;
    try {
      chunk.run(0, 0, bound(n, p, 1));
    } catch (RuntimeException | Error e) {
      first = e;
    }
    awaitWorkers();
    for (int i = 1; i < p && first == null; i++) {
      first = workers[i - 1].failure;
    }
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }

  private void awaitWorkers() {
    if (pending.get() == 0) {
      return;
    }
    long start = System.nanoTime();
    while (pending.get() != 0) {
      long waited = System.nanoTime() - start;
      if (waited < SPIN_NANOS) {
        Thread.onSpinWait();
      } else if (waited < CALLER_YIELD_NANOS) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(this, CALLER_NAP_NANOS);
      }
    }
  }

  /** What the workers run: parts 1.. of {@code chunk} over {@code rows}. Immutable. */
  private record Job(Chunk chunk, int rows, int parts, int generation) {}

  private static int bound(int n, int parts, int p) {
    return (int) ((long) n * p / parts);
  }

  private final class Worker implements Runnable {
    final int index;
    final Thread thread;
    volatile boolean parked;
    volatile Throwable failure;

    Worker(int index, String name) {
      this.index = index;
      this.thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        Job j = awaitJob(seen);
        if (j == null) {
          return; // closed
        }
        seen = j.generation;
        int p = j.parts;
        if (index < p) {
          try {
            j.chunk.run(index, bound(j.rows, p, index), bound(j.rows, p, index + 1));
          } catch (Throwable t) {
            failure = t;
          }
          pending.decrementAndGet();
        }
      }
    }

    /** Spins, then parks, until a job after {@code seen} is published; null once closed. */
    private Job awaitJob(int seen) {
      long start = System.nanoTime();
      Job j;
      while ((j = job).generation == seen) {
        if (closed) {
          return null;
        }
        long waited = System.nanoTime() - start;
        if (waited < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        if (waited < WAIT_NANOS) {
          Thread.yield();
          continue;
        }
        parked = true;
        if (job.generation == seen && !closed) {
          LockSupport.park(this);
        }
        parked = false;
        start = System.nanoTime();
      }
      return j;
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }
}
