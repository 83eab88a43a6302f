package dev.vernier.monitor.service;

import dev.vernier.monitor.delivery.AlertPublisher;
import dev.vernier.monitor.ingest.ConsumerLags;
import dev.vernier.monitor.ingest.KafkaIngestor;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorState;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the monitors of one service process: a Kafka consumer thread per active monitor with a Kafka
 * source (when Kafka is configured), and a background loop that closes windows of idle monitors,
 * delivers alerts and starts retraining jobs. Several processes may run monitors of the same
 * database: Kafka spreads partitions over their consumers, the database keeps results exact.
 *
 * <p>Replicas: the loop's every tick (a second in {@code serve}) also makes this process's
 * consumers follow the database: it starts one for each stored ACTIVE or DEGRADED monitor reading
 * Kafka that it does not run (created on another replica, or whose start here failed) and stops
 * those of monitors no longer stored (deleted on another replica), so each monitor's consumer group
 * has one member per replica within a tick.
 */
public final class MonitorRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MonitorRunner.class.getName());

  private final MonitorService service;
  private final Map<String, Object> kafkaConfig;
  private final MonitorMetrics metrics;
  private final AlertPublisher publisher;
  private final Retrainer retrainer;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  // held while the set of consumers follows the database and while a monitor is deleted here
  private final Object membership = new Object();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vernier-monitor-loop");
            t.setDaemon(true);
            return t;
          });

  private record Running(KafkaIngestor ingestor, Thread thread) {}

  /** How often a monitor that cannot be loaded is logged again: once, then every 5 minutes. */
  static final long CANNOT_LOAD_LOG_MILLIS = 5 * 60_000L;

  // monitors whose model cannot be loaded (a baseline file gone): when each was last logged
  private final Map<String, Long> unloadable = new ConcurrentHashMap<>();

  /**
   * A monitor whose model cannot be loaded (its baseline file moved or deleted): DEGRADED with the
   * reason, stored once; logged once with the trace, then a line at most every {@link
   * #CANNOT_LOAD_LOG_MILLIS}. The other monitors go on.
   */
  /** A monitor loaded: DEGRADED no longer when it was for not loading (the file is back). */
  private void loaded(String id) {
    boolean wasUnloadable = unloadable.remove(id) != null;
    String reason = service.monitor(id).map(MonitorRecord::stateReason).orElse(null);
    if (wasUnloadable || (reason != null && MonitorService.isCannotLoad(reason))) {
      service.health(id, null);
    }
  }

  private void cannotStart(String id, RuntimeException e) {
    String reason = MonitorService.cannotLoad(e);
    long now = System.nanoTime() / 1_000_000; // a log throttle: monotonic, not the wall clock
    Long last = unloadable.get(id);
    if (last == null) {
      LOG.log(Level.SEVERE, "monitor " + id + " cannot start: " + reason, e);
      unloadable.put(id, now);
      service.health(id, reason);
    } else if (now - last >= CANNOT_LOAD_LOG_MILLIS) {
      LOG.warning("monitor " + id + " still cannot start: " + reason);
      unloadable.put(id, now);
    }
  }

  /**
   * @param kafkaConfig Kafka client settings, or null when this process has no Kafka
   */
  public MonitorRunner(
      MonitorService service,
      Map<String, Object> kafkaConfig,
      MonitorMetrics metrics,
      AlertPublisher publisher,
      Retrainer retrainer) {
    this.service = service;
    this.kafkaConfig = kafkaConfig;
    this.metrics = metrics;
    this.publisher = publisher;
    this.retrainer = retrainer;
    service.afterAlerts(() -> loop.execute(this::deliver));
  }

  public MonitorService service() {
    return service;
  }

  /** What a monitor reading Kafka is told when this server has none. */
  public static final String NO_KAFKA =
      "this server has no Kafka: start it with --kafka-bootstrap, --kafka-config or"
          + " --embedded-kafka, or leave out kafka and post events over HTTP";

  /** How the state of a stored monitor whose topics are no longer allowed begins. */
  public static final String NOT_ALLOWED = "not consumed: a topic is no longer allowed: ";

  /** Whether this process can consume Kafka topics. */
  public boolean hasKafka() {
    return kafkaConfig != null;
  }

  /**
   * Why a monitor that reads Kafka is not consuming in this process (no Kafka configured, a topic
   * it names is not allowed by the administrator's --kafka-topics, or its consumer thread has
   * stopped and waits to be started again), or empty when it is consuming or reads no Kafka.
   */
  public java.util.Optional<String> notConsuming(String id, MonitorSpec spec) {
    return notConsuming(id, spec.kafka());
  }

  /**
   * As {@link #notConsuming(String, MonitorSpec)}, from the monitor's Kafka source (null: none).
   */
  public java.util.Optional<String> notConsuming(String id, MonitorSpec.KafkaSource kafka) {
    if (kafka == null) {
      return java.util.Optional.empty();
    }
    if (kafkaConfig == null) {
      return java.util.Optional.of(NO_KAFKA);
    }
    java.util.Optional<String> refused = service.topics().refusal(kafka);
    if (refused.isPresent()) {
      return java.util.Optional.of(NOT_ALLOWED + refused.get());
    }
    Running r = running.get(id);
    if (r == null || !r.thread().isAlive()) {
      return java.util.Optional.of("its consumer is not running; it is started again shortly");
    }
    return java.util.Optional.empty();
  }

  /**
   * The lag per partition of the monitor's consumer in this process, as its last polls saw it;
   * empty when it reads no Kafka, is not consuming here, or has not read a record yet.
   */
  public java.util.List<ConsumerLags.PartitionLag> consumerLag(String id) {
    Running r = running.get(id);
    return r == null ? java.util.List.of() : r.ingestor().lags();
  }

  /** Starts the consumers of every active monitor and the background loop. */
  public void start(Duration period) {
    for (MonitorRecord m : service.monitors()) {
      if (m.state() == MonitorState.ACTIVE || m.state() == MonitorState.DEGRADED) {
        started(m.id());
      }
    }
    loop.scheduleWithFixedDelay(
        this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts the consumer of a (new) monitor when it reads Kafka; no-op otherwise. */
  public void started(String id) {
    MonitorSpec spec;
    try {
      spec = service.model(id).spec();
    } catch (RuntimeException e) {
      cannotStart(id, e);
      return;
    }
    loaded(id);
    if (spec.kafka() == null) {
      return;
    }
    if (kafkaConfig == null) {
      LOG.warning(
          "monitor "
              + id
              + " reads Kafka topic "
              + spec.kafka().eventsTopic()
              + " but this server has no Kafka (--kafka-bootstrap or --embedded-kafka)");
      return;
    }
    java.util.Optional<String> refused = service.topics().refusal(spec.kafka());
    if (refused.isPresent()) {
      LOG.warning("monitor " + id + " is " + NOT_ALLOWED + refused.get());
      return;
    }
    running.computeIfAbsent(
        id,
        k -> {
          KafkaIngestor ingestor =
              new KafkaIngestor(id, spec.kafka(), kafkaConfig, service.store(), service, metrics);
          Thread t = new Thread(ingestor, "vernier-monitor-" + id);
          t.setDaemon(true);
          t.start();
          return new Running(ingestor, t);
        });
  }

  /**
   * Stops a monitor's consumer and deletes the monitor with {@code delete}, while {@link #follow}
   * cannot run: it could otherwise read the monitor as stored just before the delete and start its
   * consumer again.
   */
  public void deleted(String id, Runnable delete) {
    synchronized (membership) {
      stopped(id);
      delete.run();
    }
  }

  /** Stops a monitor's consumer (before it is deleted: see {@link #deleted}). */
  public void stopped(String id) {
    Running r = running.remove(id);
    if (r != null) {
      r.ingestor().close();
      try {
        r.thread().join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * One pass of the background loop (run every period by {@link #start}; tests call it directly,
   * with a simulated clock): follows the database's monitors, restarts stopped consumers, runs the
   * periodic work ({@link MonitorService#closeReady}: waiting labels past their horizon expire,
   * ready windows close) of each monitor without a consumer here (a consumer runs it on its own
   * empty polls), then delivers alerts and starts retraining.
   */
  void tick() {
    follow();
    synchronized (membership) {
      for (var e : running.entrySet()) {
        if (!e.getValue().thread().isAlive()) {
          LOG.warning("monitor " + e.getKey() + ": its consumer stopped; starting it again");
          running.remove(e.getKey(), e.getValue());
          started(e.getKey());
        }
      }
    }
    for (MonitorRecord m : service.monitors()) {
      if (!running.containsKey(m.id())) {
        if (unloadable.containsKey(m.id())) {
          try {
            service.model(m.id());
          } catch (RuntimeException e) {
            cannotStart(m.id(), e); // logged at most every few minutes
            continue;
          }
          loaded(m.id());
        }
        try {
          service.closeReady(m.id());
        } catch (RuntimeException e) {
          if (!unloadable.containsKey(m.id()) && service.loadFailure(m.id()).isPresent()) {
            cannotStart(m.id(), e);
            continue;
          }
          LOG.log(Level.WARNING, "monitor " + m.id() + ": closing windows failed", e);
        }
      }
    }
    deliver();
  }

  /**
   * Starts the consumers of stored active monitors this process does not run, and stops those of
   * monitors no longer stored (see the class comment).
   */
  void follow() {
    synchronized (membership) {
      followLocked();
    }
  }

  private void followLocked() {
    List<MonitorRecord> stored;
    try {
      stored = service.monitors();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot read the monitors", e);
      return;
    }
    Set<String> ids = new HashSet<>();
    for (MonitorRecord m : stored) {
      ids.add(m.id());
    }
    for (String id : List.copyOf(running.keySet())) {
      if (!ids.contains(id)) {
        LOG.info("monitor " + id + " is no longer stored (deleted on another replica): stopping");
        stopped(id);
        service.forget(id);
      }
    }
    if (kafkaConfig == null) {
      return;
    }
    for (MonitorRecord m : stored) {
      if ((m.state() == MonitorState.ACTIVE || m.state() == MonitorState.DEGRADED)
          && !running.containsKey(m.id())
          && consumable(m.id())) {
        LOG.info("monitor " + m.id() + " is stored and not consumed here: starting its consumer");
        started(m.id());
      }
    }
  }

  /** Whether a monitor reads Kafka topics this process may consume (no log: called each tick). */
  private boolean consumable(String id) {
    try {
      MonitorSpec spec = service.model(id).spec();
      return spec.kafka() != null && service.topics().refusal(spec.kafka()).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The monitors whose consumer runs in this process. */
  public Set<String> consuming() {
    return Set.copyOf(running.keySet());
  }

  private void deliver() {
    try {
      retrainer.runPending();
      publisher.deliverPending();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "alert delivery or retraining failed", e);
    }
  }

  /** Runs delivery and retraining now, on the caller's thread (for tests and the demo). */
  public void deliverNow() {
    deliver();
  }

  @Override
  public void close() {
    for (String id : running.keySet()) {
      stopped(id);
    }
    loop.shutdownNow();
    publisher.close();
  }
}
