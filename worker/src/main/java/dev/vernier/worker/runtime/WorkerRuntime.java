package dev.vernier.worker.runtime;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.DataFormatException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.core.fleet.WorkerNames;
import dev.vernier.kernels.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker: {@code slots} threads that each lease a trial, run it, heartbeat after every epoch (and
 * every {@code heartbeatSeconds} in between), upload the model and report, then lease the next. The
 * same runtime serves the service's in-process slots and a remote {@code vernier worker}: only the
 * {@link FleetClient} differs.
 *
 * <p>Stops reach a trial within one epoch: the heartbeat after each epoch carries the service's
 * answer. A lost lease (the service gave the trial to someone else) abandons the trial without a
 * report. A service that does not answer (an {@link IOException}: no connection, a 503, or the
 * in-process client's database outage) costs a trial nothing: heartbeats are tried again and then
 * skipped, the model's upload and the report are retried until they land; the service applies each
 * report once.
 */
public final class WorkerRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkerRuntime.class.getName());

  /**
   * @param name the worker's name, which {@link WorkerNames} rules (refused as {@code --name})
   * @param threadsPerSlot kernel threads each slot uses; slots x threadsPerSlot must not exceed the
   *     cores, so slots never oversubscribe the machine
   * @param workDir where trials write their files, one directory per attempt
   */
  public record Settings(
      String name,
      int slots,
      String backend,
      int threadsPerSlot,
      Path workDir,
      Duration idlePoll,
      Map<String, RegisteredCommand> commands,
      List<Path> dataRoots,
      List<Path> excludedDirs) {
    /**
     * Settings whose channels must lie under {@code dataRoots} (when there are any); nothing
     * excluded.
     */
    public Settings(
        String name,
        int slots,
        String backend,
        int threadsPerSlot,
        Path workDir,
        Duration idlePoll,
        Map<String, RegisteredCommand> commands,
        List<Path> dataRoots) {
      this(name, slots, backend, threadsPerSlot, workDir, idlePoll, commands, dataRoots, List.of());
    }

    /** Settings without data roots: channels are opened wherever they point. */
    public Settings(
        String name,
        int slots,
        String backend,
        int threadsPerSlot,
        Path workDir,
        Duration idlePoll,
        Map<String, RegisteredCommand> commands) {
      this(name, slots, backend, threadsPerSlot, workDir, idlePoll, commands, List.of());
    }

    public Settings {
      // checked before the service is asked: the name is the worker's id in messages and logs
      WorkerNames.check("--name", name);
      if (slots < 1) {
        throw new InvalidInputException("--slots", "must be at least 1", slots);
      }
      if (threadsPerSlot < 1) {
        throw new InvalidInputException("--threads", "must be at least 1", threadsPerSlot);
      }
      int cores = Runtime.getRuntime().availableProcessors();
      if ((long) slots * threadsPerSlot > Math.max(cores, 1)) {
        throw new InvalidInputException(
            "--slots",
            "slots x threads per slot must not exceed the "
                + cores
                + " cores ("
                + threadsPerSlot
                + " threads per slot)",
            slots);
      }
      commands = Map.copyOf(commands);
      dataRoots = List.copyOf(dataRoots);
      excludedDirs = List.copyOf(excludedDirs);
    }
  }

  private final FleetClient client;
  private final Settings settings;
  private final TrialExecutor builtIn;
  private final CommandExecutor commands;
  private final AtomicBoolean running = new AtomicBoolean();
  private final LeaseCalls calls;
  private final List<Thread> threads = new ArrayList<>();
  private final String bootId = UUID.randomUUID().toString();
  private final TrialListener listener;
  private volatile String workerId;

  public WorkerRuntime(FleetClient client, Settings settings, Clock clock) {
    this(client, settings, clock, TrialListener.NONE);
  }

  /** As above, telling {@code listener} when each trial starts and ends. */
  public WorkerRuntime(FleetClient client, Settings settings, Clock clock, TrialListener listener) {
    this(
        client,
        settings,
        new BuiltInExecutor(
            () -> Backends.open(settings.backend(), settings.threadsPerSlot()),
            clock,
            new DatasetCache(settings.dataRoots(), settings.excludedDirs())),
        listener);
  }

  /** With {@code builtIn} running the built-in algorithms' trials (tests inject faults there). */
  WorkerRuntime(
      FleetClient client, Settings settings, TrialExecutor builtIn, TrialListener listener) {
    this.client = client;
    this.calls = new LeaseCalls(client, running);
    this.settings = settings;
    this.listener = listener;
    this.builtIn = builtIn;
    this.commands = new CommandExecutor(settings.commands());
    Backends.open(settings.backend(), settings.threadsPerSlot())
        .close(); // fail fast on a bad backend
  }

  /** Registers and starts the slots. */
  public void start() throws IOException {
    Files.createDirectories(settings.workDir());
    workerId = client.register(settings.name(), settings.slots(), bootId);
    running.set(true);
    for (int i = 0; i < settings.slots(); i++) {
      Thread t = new Thread(this::slotLoop, "vernier-slot-" + settings.name() + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  public String workerId() {
    return workerId;
  }

  private void slotLoop() {
    Optional<TrialAssignment> next = Optional.empty();
    while (running.get()) {
      try {
        Optional<TrialAssignment> a = next.isPresent() ? next : client.lease(workerId);
        next = Optional.empty();
        if (a.isEmpty()) {
          Thread.sleep(settings.idlePoll().toMillis());
          continue;
        }
        next = runTrial(a.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        LOG.log(
            Level.WARNING,
            "worker " + settings.name() + ": the service did not answer: " + e.getMessage());
        LeaseCalls.sleepQuietly(settings.idlePoll().toMillis() * 4);
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
        // the slot outlives any one failure: a dead slot thread would hold its capacity forever
        LOG.log(Level.SEVERE, "worker slot failed", e);
        LeaseCalls.sleepQuietly(settings.idlePoll().toMillis() * 4);
      }
    }
  }

  /** Runs one trial to its report; returns the next trial when the service handed one back. */
  private Optional<TrialAssignment> runTrial(TrialAssignment a)
      throws IOException, InterruptedException {
    Path dir =
        Files.createDirectories(
            settings
                .workDir()
                .resolve(
                    "trial-" + a.trialId() + "-" + a.attempt() + "-" + bootId.substring(0, 8)));
    AtomicReference<HeartbeatReply> lastReply = new AtomicReference<>(HeartbeatReply.CONTINUE);
    // epochs whose heartbeat did not reach the service: sent again with the next one (the service
    // keeps an epoch once), and before the report, so an outage loses no epoch of the curve
    UnsentEpochs unsent = new UnsentEpochs();
    tell(() -> listener.started(a));
    Thread keepAlive = calls.keepAlive(a, lastReply);
    TrialReport report;
    try {
      TrialExecutor ex = a.algorithm() != null ? builtIn : commands;
      report =
          ex.run(
              a,
              dir,
              new TrialExecutor.Epochs() {
                @Override
                public boolean epoch(int epoch, Map<String, Double> metrics) {
                  List<EpochUpdate> epochs = unsent.add(new EpochUpdate(epoch, metrics));
                  HeartbeatReply r = calls.heartbeat(a.leaseId(), epochs);
                  if (r != null) {
                    unsent.delivered(epochs);
                    lastReply.set(r);
                  }
                  HeartbeatReply now = lastReply.get();
                  if (now.directive() == HeartbeatReply.Directive.LOST) {
                    throw new TrialLost(now.reason());
                  }
                  return now.directive() == HeartbeatReply.Directive.STOP;
                }

                @Override
                public boolean stopRequested() {
                  return lastReply.get().directive() == HeartbeatReply.Directive.STOP;
                }
              });
    } catch (TrialLost lost) {
      LOG.info("trial " + a.jobId() + "/" + a.trialNumber() + " abandoned: " + lost.getMessage());
      tell(() -> listener.abandoned(a, lost.getMessage()));
      return Optional.empty();
    } catch (DataFormatException e) {
      // readers of the trial see the place and the rule, never the file's bytes (the value)
      report =
          new TrialReport(
              TrialReport.Outcome.FAILED, null, e.field() + ": " + e.rule(), null, null);
    } catch (InvalidInputException e) {
      report = new TrialReport(TrialReport.Outcome.FAILED, null, e.getMessage(), null, null);
    } catch (OutOfMemoryError e) {
      // the trial's allocation failed and is gone with its stack: the slot carries on
      LOG.log(Level.WARNING, "trial " + a.trialId() + " ran out of memory", e);
      report =
          new TrialReport(
              TrialReport.Outcome.FAILED,
              null,
              "worker error: the trial needed more memory than the worker has (Java heap "
                  + (Runtime.getRuntime().maxMemory() >> 20)
                  + " MiB; native memory for the cpu backend): smaller data, fewer units or a"
                  + " worker with more memory (-Xmx)",
              null,
              null);
    } catch (StackOverflowError e) {
      LOG.log(Level.WARNING, "trial " + a.trialId() + " overflowed its stack", e);
      report =
          new TrialReport(
              TrialReport.Outcome.FAILED,
              null,
              "worker error: java.lang.StackOverflowError (the worker's log has its trace)",
              null,
              null);
    } catch (Exception e) {
      // a foreign exception's message may quote what it read: the reason names its type only
      LOG.log(java.util.logging.Level.WARNING, "trial " + a.trialId() + " failed", e);
      report =
          new TrialReport(
              TrialReport.Outcome.FAILED,
              null,
              "worker error: " + e.getClass().getName() + " (the worker's log has its message)",
              null,
              null);
    } finally {
      keepAlive.interrupt();
    }
    report = withStopReason(report, lastReply.get());
    TrialReport ended = report;
    tell(() -> listener.ended(a, ended));
    return calls.reportWithRetries(a, unsent, report, workerId);
  }

  /**
   * A STOPPED report carries the service's reason for the stop (the heartbeat reply's: the early
   * stopping decision, or "stop requested"), after the executor's own words, as {@link
   * TrialReport}'s contract asks; other reports are returned as they are.
   */
  static TrialReport withStopReason(TrialReport r, HeartbeatReply reply) {
    if (r.outcome() != TrialReport.Outcome.STOPPED
        || reply == null
        || reply.directive() != HeartbeatReply.Directive.STOP
        || reply.reason() == null
        || reply.reason().isBlank()) {
      return r;
    }
    String own = r.reason() == null || r.reason().isBlank() ? "stopped by the service" : r.reason();
    return new TrialReport(
        r.outcome(),
        r.objective(),
        own + ": " + reply.reason(),
        r.artifactPath(),
        r.provenanceJson());
  }

  /** Runs a listener call; its failure is logged, never the trial's. */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "trial listener failed", e);
    }
  }

  /**
   * Stops leasing and interrupts the slots; trials in flight are abandoned (their leases expire).
   */
  @Override
  public void close() {
    running.set(false);
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
