package dev.vernier.monitor.ingest;

/**
 * Runs a monitor's window-closing passes ({@link BatchSink#closeReady}: evaluate, store the
 * verdict, raise alerts) on a thread of its own, so that the consumer reads, parses and stores the
 * next batch while the windows the previous batch completed are evaluated.
 *
 * <p>At most one pass runs or waits: {@link #request} first waits for the previous pass to finish.
 * The consumer therefore runs at most one batch ahead of evaluation; when evaluation is the slower
 * side, the backlog stays in Kafka, as it would with closing on the consumer's thread, not in the
 * database. Passes are safe beside ingestion: a window only closes with the event count it was
 * evaluated with, in one transaction. Used by one consumer thread.
 */
final class WindowCloser implements AutoCloseable {
  private final Runnable pass;
  private final Thread thread;
  private boolean requested;
  private boolean running;
  private boolean stopping;
  private RuntimeException failure;

  WindowCloser(String name, Runnable pass) {
    this.pass = pass;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Asks for a pass once the previous one has finished; rethrows (once) a failure of an earlier
   * pass, after which no more passes run.
   */
  synchronized void request() {
    while ((requested || running) && failure == null) {
      await();
    }
    if (failure != null) {
      RuntimeException f = failure;
      failure = null;
      stopping = true;
      throw f;
    }
    if (!stopping) {
      requested = true;
      notifyAll();
    }
  }

  private void loop() {
    while (true) {
      synchronized (this) {
        while (!requested && !stopping) {
          await();
        }
        if (!requested) {
          return;
        }
        requested = false;
        running = true;
      }
      RuntimeException failed = null;
      try {
        pass.run();
      } catch (RuntimeException e) {
        failed = e;
      } finally {
        synchronized (this) {
          running = false;
          failure = failed;
          notifyAll();
        }
      }
      if (failed != null) {
        return;
      }
    }
  }

  /** Lets a requested pass run, waits for it, and stops the thread; rethrows its failure. */
  @Override
  public void close() {
    synchronized (this) {
      stopping = true;
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
      throw new IllegalStateException("interrupted while waiting for window closing", e);
    }
  }
}
