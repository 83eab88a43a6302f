package dev.vernier.monitor.ingest;

/**
 * One stage of a monitor's ingestion pipeline: runs work on a thread of its own, in the order it
 * was submitted, while the submitter goes on. The consumer hands each polled batch (parse, store)
 * to one stage and fetches the next meanwhile; that stage hands window closing to another. At most
 * one piece of work waits behind the one running: {@link #submit} blocks while one is queued, so a
 * backlog stays in Kafka, not in memory. {@link #drain} waits until both are done (the consumer
 * does before a rebalance revokes partitions, so the next assignment seeks to the offsets stored by
 * then). Work that failed stops the stage; its failure is rethrown, once, by the submitter's next
 * call. Used by one submitting thread.
 */
final class SerialStage implements AutoCloseable {
  private final Thread thread;
  private Runnable queued;
  private boolean busy;
  private boolean stopping;
  private RuntimeException failure;

  SerialStage(String name) {
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues work, first waiting while other work is queued; rethrows a failure. */
  synchronized void submit(Runnable work) {
    while (queued != null && failure == null && !stopping) {
      await();
    }
    rethrow();
    if (!stopping) {
      queued = work;
      notifyAll();
    }
  }

  /** Whether nothing is queued or running. */
  synchronized boolean idle() {
    return queued == null && !busy;
  }

  /** Waits until the queued and running work is done; rethrows a failure. */
  synchronized void drain() {
    while ((queued != null || busy) && failure == null) {
      await();
    }
    rethrow();
  }

  /** Rethrows (once) the failure of earlier work, after which no more work runs. */
  synchronized void rethrow() {
    if (failure != null) {
      RuntimeException f = failure;
      failure = null;
      stopping = true;
      throw f;
    }
  }

  private void loop() {
    while (true) {
      Runnable work;
      synchronized (this) {
        while (queued == null && !stopping) {
          await();
        }
        if (queued == null) {
          return;
        }
        work = queued;
        queued = null;
        busy = true;
        notifyAll();
      }
      RuntimeException failed = null;
      try {
        work.run();
      } catch (RuntimeException e) {
        failed = e;
      } finally {
        synchronized (this) {
          busy = false;
          failure = failed;
          notifyAll();
        }
      }
      if (failed != null) {
        return;
      }
    }
  }

  /**
   * Lets the running work finish and stops the thread; queued work is dropped (its records were not
   * stored, so they are read again on the next start). Rethrows a failure not yet reported.
   */
  @Override
  public void close() {
    synchronized (this) {
      stopping = true;
      queued = null;
      notifyAll();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (failure != null) {
        RuntimeException f = failure;
        failure = null;
        throw f;
      }
    }
  }

  private void await() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an ingestion stage", e);
    }
  }
}
