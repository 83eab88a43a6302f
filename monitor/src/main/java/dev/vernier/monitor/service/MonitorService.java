package dev.vernier.monitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.BaselineBuilder;
import dev.vernier.monitor.baseline.BaselineCodec;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.baseline.PredictionType;
import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.ingest.BatchSink;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.label.LabelJoinRules;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowWrite;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.TuningService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The monitor's public face, called by the REST API, the CLI and the ingestion paths: creates
 * monitors (computing and storing their baselines), holds their fitted models, applies batches of
 * events and closes the windows that are ready: evaluation, alert rule, alerts with their
 * deliveries and retraining claims, all stored with the window in one transaction. Thread-safe.
 */
public final class MonitorService implements BatchSink {
  private static final Logger LOG = Logger.getLogger(MonitorService.class.getName());

  private final MonitorStore store;
  private final MonitorSpecParser parser;
  private final BaselinePredictor predictor;
  private final MonitorMetrics metrics;
  private final Clock clock;
  private final int threads;
  private final LateLabels lateLabels;
  private final WindowCloser closer;
  private final Map<String, MonitorModel> models = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  // monitors whose closed windows may have labels their model quality has not seen: set when a
  // batch joins labels, and when a monitor is loaded (labels may have joined before a restart)
  private final java.util.Set<String> relabelDue = ConcurrentHashMap.newKeySet();
  private volatile Runnable afterAlerts = () -> {};
  private final HttpIngestion http;
  private final TopicAllowList topics;
  private final TuningService jobs;

  /** A service whose monitors may name every Kafka topic (tests, and the embedded broker). */
  public MonitorService(
      MonitorStore store,
      MonitorSpecParser parser,
      BaselinePredictor predictor,
      MonitorMetrics metrics,
      Clock clock,
      int threads) {
    this(store, parser, predictor, metrics, clock, threads, TopicAllowList.all());
  }

  /**
   * A service that does not check a monitor's {@code jobId} against the tuner (see {@link
   * #MonitorService(MonitorStore, MonitorSpecParser, BaselinePredictor, MonitorMetrics, Clock, int,
   * TopicAllowList, TuningService)}).
   *
   * @param topics the Kafka topics monitors may name: checked at creation, and before a stored
   *     monitor's consumer starts
   */
  public MonitorService(
      MonitorStore store,
      MonitorSpecParser parser,
      BaselinePredictor predictor,
      MonitorMetrics metrics,
      Clock clock,
      int threads,
      TopicAllowList topics) {
    this(store, parser, predictor, metrics, clock, threads, topics, null);
  }

  /**
   * @param topics the Kafka topics monitors may name: checked at creation, and before a stored
   *     monitor's consumer starts
   * @param jobs the tuner, asked at creation whether a monitor's {@code jobId} names a job with a
   *     completed best trial (its model is what the monitor watches and what retraining starts
   *     from); null: not asked
   */
  public MonitorService(
      MonitorStore store,
      MonitorSpecParser parser,
      BaselinePredictor predictor,
      MonitorMetrics metrics,
      Clock clock,
      int threads,
      TopicAllowList topics,
      TuningService jobs) {
    this.jobs = jobs;
    this.topics = topics;
    this.store = store;
    this.parser = parser;
    this.predictor = predictor;
    this.metrics = metrics;
    this.clock = clock;
    this.threads = threads;
    this.lateLabels = new LateLabels(store, store, metrics);
    this.closer = new WindowCloser(store, metrics, clock);
    this.http = new HttpIngestion(this, metrics, clock);
  }

  /** Called (on the closing thread) after windows raised alerts: wakes delivery and retraining. */
  public void afterAlerts(Runnable r) {
    this.afterAlerts = r;
  }

  public MonitorStore store() {
    return store;
  }

  /** The Kafka topics monitors may name. */
  public TopicAllowList topics() {
    return topics;
  }

  /**
   * Validates, computes the baseline from the training data, stores the monitor.
   *
   * @throws InvalidInputException naming the field: a rule of the spec, a Kafka topic the
   *     administrator does not allow, a webhook that is not registered, a {@code jobId} whose job
   *     has no completed best trial (with the tuner: see the constructor)
   * @throws NotFoundException naming {@code $.jobId} when it names no job
   */
  public MonitorRecord create(JsonNode json) {
    MonitorSpec spec = parser.parse(json);
    topics.check(spec.kafka());
    List<String> registered = store.webhooks().stream().map(Webhook::url).toList();
    for (int i = 0; i < spec.webhooks().size(); i++) {
      if (!registered.contains(spec.webhooks().get(i))) {
        throw new InvalidInputException(
            "$.webhooks[" + i + "]",
            "must be registered by an administrator first (POST /api/v1/webhooks)",
            spec.webhooks().get(i));
      }
    }
    if (nameTaken(spec.name(), null)) {
      throw nameUsed(spec.name());
    }
    if (spec.jobId() != null && jobs != null) {
      requireModel(spec.jobId());
    }
    Dataset data = spec.baseline().read();
    Optional<BaselinePredictor.Predictions> predictions;
    try {
      predictions = predictor.predict(spec, data);
    } catch (NotFoundException e) {
      throw new NotFoundException("$.jobId", "tuning job " + spec.jobId());
    }
    BaselineBuilder b = new BaselineBuilder(data, clock).threads(threads);
    predictions.ifPresent(
        p -> {
          b.predictions(
              p.values(),
              p.classes() > 0 ? PredictionSchema.classes(p.classes()) : PredictionSchema.numeric());
          b.model(p.modelId(), p.algorithm());
        });
    Baseline baseline = b.build();
    String id = "mon-" + UUID.randomUUID().toString().substring(0, 8);
    MonitorRecord record =
        new MonitorRecord(
            id, spec.name(), json.toString(), MonitorState.ACTIVE, clock.millis(), null);
    try {
      store.create(record, data.sha256(), BaselineCodec.write(baseline));
    } catch (RuntimeException e) {
      // a concurrent creation took the name after the check above: the unique index refused it
      if (nameTaken(spec.name(), id)) {
        throw nameUsed(spec.name());
      }
      throw e;
    }
    models.put(
        id,
        new MonitorModel(
            id, spec, baseline, data, predictions.map(p -> p.values()).orElse(null), threads));
    LOG.info("monitor " + id + " (" + spec.name() + ") created on " + data);
    return record;
  }

  /**
   * Refuses a {@code jobId} whose job has no completed best trial: no model to monitor, and nothing
   * for retraining to start from (a failed job, or one whose trials have not finished).
   */
  private void requireModel(String jobId) {
    JobRecord job =
        jobs.job(jobId).orElseThrow(() -> new NotFoundException("$.jobId", "tuning job " + jobId));
    Optional<TrialRecord> best = jobs.best(jobId);
    if (best.isPresent()
        && (best.get().state() == TrialState.COMPLETED
            || best.get().state() == TrialState.STOPPED)) {
      return;
    }
    String state =
        "job "
            + jobId
            + " is "
            + job.state()
            + (job.stateReason() == null ? "" : " (" + job.stateReason() + ")")
            + (best.isEmpty()
                ? " with no trial that reported its objective"
                : ", its best trial " + best.get().number() + " is " + best.get().state());
    throw new InvalidInputException(
        "$.jobId",
        "must name a tuning job with a completed best trial (its model is what the monitor"
            + " watches and what retraining starts from); "
            + state,
        jobId);
  }

  /** Whether a monitor other than {@code except} (null: any) has {@code name}. */
  private boolean nameTaken(String name, String except) {
    return store.monitors().stream().anyMatch(m -> m.name().equals(name) && !m.id().equals(except));
  }

  private static InvalidInputException nameUsed(String name) {
    return new InvalidInputException("$.name", "is already used by another monitor", name);
  }

  public Optional<MonitorRecord> monitor(String id) {
    return store.monitor(id);
  }

  public List<MonitorRecord> monitors() {
    return store.monitors();
  }

  public boolean delete(String id) {
    models.remove(id);
    metrics.removed(id);
    return store.delete(id);
  }

  /**
   * Drops what this process holds of a monitor deleted elsewhere (another replica): its model and
   * its metrics.
   */
  public void forget(String id) {
    models.remove(id);
    locks.remove(id);
    metrics.removed(id);
  }

  /**
   * The Kafka source of a stored monitor as stored (null: none), without validating the rest of its
   * spec again: what showing a monitor needs.
   */
  public static MonitorSpec.KafkaSource storedKafka(MonitorRecord m) {
    return MonitorSpecParser.storedKafka(readJson(m.specJson()));
  }

  /**
   * Why a stored monitor cannot be loaded, in a line for its state: {@code baseline x.csv: no such
   * file under the data roots}.
   */
  public static String cannotLoad(RuntimeException e) {
    if (e instanceof InvalidInputException i && i.field().startsWith("$.baseline")) {
      return (i.field().equals("$.baseline.labels") ? "baseline labels " : "baseline ")
          + i.value()
          + ": "
          + i.rule();
    }
    return "cannot load: " + e.getMessage();
  }

  /** Whether a state reason is {@link #cannotLoad}'s. */
  public static boolean isCannotLoad(String reason) {
    return reason.startsWith("baseline ") || reason.startsWith("cannot load: ");
  }

  /** Why the monitor's model cannot be loaded now, or empty when it is loaded or loads. */
  public Optional<String> loadFailure(String id) {
    try {
      model(id);
      return Optional.empty();
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(cannotLoad(e));
    }
  }

  public Optional<MonitorSpec> spec(String id) {
    return store.monitor(id).map(m -> parser.parseStored(readJson(m.specJson())));
  }

  /** The monitor's in-memory model, built from the stored baseline and the training data. */
  public MonitorModel model(String id) {
    return models.computeIfAbsent(id, this::load);
  }

  private MonitorModel load(String id) {
    relabelDue.add(id);
    MonitorRecord m =
        store.monitor(id).orElseThrow(() -> new NotFoundException("id", "monitor " + id));
    MonitorSpec spec = parser.parseStored(readJson(m.specJson()));
    Baseline baseline = BaselineCodec.read(store.baseline(id).orElseThrow());
    Dataset data = spec.baseline().read();
    if (!data.sha256().equals(baseline.provenance().datasetSha256())) {
      LOG.warning(
          "monitor "
              + id
              + ": the training data changed since the baseline was computed ("
              + baseline.provenance().datasetSha256()
              + " -> "
              + data.sha256()
              + "); drift is measured against the data as it is now");
    }
    double[] predictions = predictor.predict(spec, data).map(p -> p.values()).orElse(null);
    return new MonitorModel(id, spec, baseline, data, predictions, threads);
  }

  private static JsonNode readJson(String s) {
    return Json.parse(s, "a stored monitor spec").node;
  }

  @Override
  public EventParser parser(String monitorId) {
    MonitorModel m = model(monitorId);
    PredictionSchema ps = m.predictionSchema();
    int classes = ps != null && ps.type() == PredictionType.CLASS ? ps.classCount() : 0;
    // a labels topic declares that predictions will be compared with ground truth
    boolean needsPrediction =
        ps != null && m.spec().kafka() != null && m.spec().kafka().labelsTopic() != null;
    // ids are kept by every monitor: they join labels and captured data, and an id counts once
    // (a repeated one is a duplicate, see RepeatedIds), labels or not, unless "deduplicate": false
    return new EventParser(m.spec().model(), m.categoryCodes(), classes, needsPrediction)
        .withMaxFutureSkew(clock, m.spec().window().maxFutureSkewMillis());
  }

  @Override
  public boolean joinsLabels(String monitorId) {
    return labelsJoined(model(monitorId).spec());
  }

  @Override
  public boolean captures(String monitorId) {
    return model(monitorId).spec().capture();
  }

  @Override
  public IngestBatch.Result accept(String monitorId, IngestBatch batch) {
    MonitorModel m = model(monitorId);
    IngestBatch.Result r =
        store.ingest(
            monitorId,
            m.windowing(),
            m.features(),
            m.spec().labelHorizon(),
            batch.receivedAt(clock.millis()));
    if (r.labelsJoined() > 0) {
      relabelDue.add(monitorId);
    }
    return r;
  }

  /**
   * The monitor's periodic work, run after each batch and by the idle loops (the consumer's empty
   * polls, the runner's tick for monitors without a consumer here): drops the labels that waited
   * for their event longer than the label horizon on the service's clock (so they expire on a quiet
   * monitor too, not only when a batch is stored), closes the windows that are ready, and evaluates
   * again the closed windows that labels joined since.
   */
  @Override
  public void closeReady(String monitorId) {
    MonitorModel m = model(monitorId);
    synchronized (locks.computeIfAbsent(monitorId, k -> new Object())) {
      if (labelsJoined(m.spec())) {
        store.expireWaitingLabels(
            monitorId, LabelJoinRules.waitedSince(clock.millis(), m.spec().labelHorizon()));
      }
      boolean raised = false;
      for (int attempt = 0; attempt < 3; attempt++) {
        List<WindowRecord> ready = closer.closable(m);
        if (ready.isEmpty()) {
          break;
        }
        boolean changed = false;
        for (WindowRecord w : ready) {
          WindowWrite closed = closer.close(m, w);
          if (closed.changed()) {
            changed = true;
            break;
          }
          raised |= !closed.alertIds().isEmpty();
        }
        if (!changed) {
          break;
        }
      }
      if (labelsJoined(m.spec()) && relabelDue.remove(monitorId)) {
        try {
          raised |= lateLabels.reevaluate(m, alerts -> closer.raised(m.spec(), alerts));
        } catch (RuntimeException e) {
          relabelDue.add(monitorId);
          throw e;
        }
      }
      if (raised) {
        afterAlerts.run();
      }
    }
  }

  @Override
  public void health(String monitorId, String reason) {
    metrics.health(monitorId, MonitorState.of(reason));
    try {
      store.setHealth(monitorId, reason, clock.millis());
    } catch (RuntimeException e) {
      LOG.warning("monitor " + monitorId + ": cannot store its state (" + e + ")");
    }
  }

  /** The topic whose positions make the watermark: the Kafka events topic, or "http". */
  public static String eventsTopic(MonitorSpec spec) {
    return spec.kafka() == null ? HTTP_SOURCE : spec.kafka().eventsTopic();
  }

  /** The source name of events posted over HTTP. */
  public static final String HTTP_SOURCE = "http";

  /**
   * Ingests records posted over HTTP (see {@link HttpIngestion#ingest}).
   *
   * @throws InvalidInputException naming {@code Idempotency-Key} when it is not 1 to 200 printable
   *     ASCII characters
   */
  public HttpIngestion.Result ingestHttp(
      String monitorId, List<byte[]> records, boolean labels, String requestKey) {
    return http.ingest(monitorId, records, labels, requestKey);
  }

  private static boolean labelsJoined(MonitorSpec s) {
    return s.kafka() == null || s.kafka().labelsTopic() != null;
  }

  /** An alert as delivered to topics and webhooks. */
  public String alertPayload(long alertId) {
    AlertRecord a =
        store.alert(alertId).orElseThrow(() -> new NotFoundException("id", "alert " + alertId));
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("alertId", a.id())
        .put("monitorId", a.monitorId())
        .put("kind", a.kind())
        .put("window", a.windowStart())
        .put("createdAt", a.createdAt())
        .put("summary", a.summary());
    o.set("evidence", readJson(a.evidenceJson()));
    return o.toString();
  }
}
