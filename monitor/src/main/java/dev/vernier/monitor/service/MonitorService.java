package dev.vernier.monitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.BaselineCodec;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.baseline.PredictionType;
import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.ingest.BatchSink;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.service.TuningService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The monitor's public face, called by the REST API, the CLI and the ingestion paths: creates
 * monitors (computing and storing their baselines), holds their fitted models, applies batches of
 * events and closes the windows that are ready: evaluation, alert rule, alerts with their
 * deliveries and retraining claims, all stored with the window in one transaction. Thread-safe.
 *
 * <p>Creation and its validation are {@link MonitorCreation}'s; storing batches and closing windows
 * are {@link MonitorBatches}'; this class holds the models and answers the callers.
 */
public final class MonitorService implements BatchSink {
  private static final Logger LOG = Logger.getLogger(MonitorService.class.getName());

  private final MonitorStore store;
  private final MonitorSpecParser parser;
  private final BaselinePredictor predictor;
  private final MonitorMetrics metrics;
  private final Clock clock;
  private final int threads;
  private final Map<String, MonitorModel> models = new ConcurrentHashMap<>();
  private final MonitorCreation creation;
  private final MonitorBatches batches;
  private final HttpIngestion http;
  private final TopicAllowList topics;

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
    this.topics = topics;
    this.store = store;
    this.parser = parser;
    this.predictor = predictor;
    this.metrics = metrics;
    this.clock = clock;
    this.threads = threads;
    this.creation =
        new MonitorCreation(store, parser, predictor, clock, threads, topics, jobs, models);
    this.batches = new MonitorBatches(store, metrics, clock);
    this.http = new HttpIngestion(this, metrics, clock);
  }

  /** Called (on the closing thread) after windows raised alerts: wakes delivery and retraining. */
  public void afterAlerts(Runnable r) {
    batches.afterAlerts(r);
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
    return creation.create(json);
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
    batches.forget(id);
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
    batches.relabelDue(id);
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
    return MonitorBatches.labelsJoined(model(monitorId).spec());
  }

  @Override
  public boolean captures(String monitorId) {
    return model(monitorId).spec().capture();
  }

  @Override
  public IngestBatch.Result accept(String monitorId, IngestBatch batch) {
    return batches.accept(model(monitorId), monitorId, batch);
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
    batches.closeReady(model(monitorId), monitorId);
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
