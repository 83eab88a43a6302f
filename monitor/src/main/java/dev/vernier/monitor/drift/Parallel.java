package dev.vernier.monitor.drift;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Runs tasks 0..n-1 on a few threads that take the next task as they finish one. */
final class Parallel {
  private Parallel() {}

  /**
   * Runs {@code body} for every task; the calling thread is one of the {@code threads}. The first
   * failure stops the hand-out of further tasks and is rethrown once every thread has stopped.
   */
  static void forEach(int tasks, int threads, IntConsumer body) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
            if (failure.get() != null) {
              return;
            }
            try {
              body.accept(t);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
              return;
            }
          }
        };
    int extra = Math.min(threads, tasks) - 1;
    Thread[] started = new Thread[Math.max(0, extra)];
    for (int i = 0; i < started.length; i++) {
      started[i] = new Thread(worker, "vernier-drift-" + i);
      started[i].setDaemon(true);
      started[i].start();
    }
    worker.run();
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, e);
      }
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException("drift scoring was interrupted", e);
    }
  }
}
