package dev.vernier.monitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.BaselineBuilder;
import dev.vernier.monitor.baseline.BaselineCodec;
import dev.vernier.monitor.baseline.PredictionSchema;
import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.monitor.storage.MonitorState;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.Webhook;
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
import java.util.logging.Logger;

/**
 * The creation of a monitor, for {@link MonitorService#create}: validates the spec against what the
 * service knows (allowed Kafka topics, registered webhooks, unique names, the tuning job's model),
 * computes the baseline from the training data, stores the monitor and puts its fitted model in the
 * service's models. Thread-safe: a name taken by a concurrent creation is refused by the store's
 * unique index and answered as a used name.
 */
final class MonitorCreation {
  // the service's logger: the messages keep the name operators filter on
  private static final Logger LOG = Logger.getLogger(MonitorService.class.getName());

  private final MonitorStore store;
  private final MonitorSpecParser parser;
  private final BaselinePredictor predictor;
  private final Clock clock;
  private final int threads;
  private final TopicAllowList topics;
  private final TuningService jobs;
  private final Map<String, MonitorModel> models;

  /**
   * @param jobs the tuner, asked whether a monitor's {@code jobId} names a job with a completed
   *     best trial; null: not asked
   * @param models the service's fitted models, by monitor id: a created monitor's is put there
   */
  MonitorCreation(
      MonitorStore store,
      MonitorSpecParser parser,
      BaselinePredictor predictor,
      Clock clock,
      int threads,
      TopicAllowList topics,
      TuningService jobs,
      Map<String, MonitorModel> models) {
    this.store = store;
    this.parser = parser;
    this.predictor = predictor;
    this.clock = clock;
    this.threads = threads;
    this.topics = topics;
    this.jobs = jobs;
    this.models = models;
  }

  /**
   * Validates, computes the baseline from the training data, stores the monitor.
   *
   * @throws InvalidInputException naming the field: a rule of the spec, a Kafka topic the
   *     administrator does not allow, a webhook that is not registered, a {@code jobId} whose job
   *     has no completed best trial (with the tuner)
   * @throws NotFoundException naming {@code $.jobId} when it names no job
   */
  MonitorRecord create(JsonNode json) {
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
   * Refuses a {@code jobId} whose job ended without a completed best trial (failed, or stopped
   * before any trial finished): no model to monitor, and nothing for retraining to start from. A
   * job still running is taken, as its best trial is still to come; a retraining checks again.
   */
  private void requireModel(String jobId) {
    JobRecord job =
        jobs.job(jobId).orElseThrow(() -> new NotFoundException("$.jobId", "tuning job " + jobId));
    if (!job.state().isTerminal()) {
      return;
    }
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
        "must name a tuning job that is running or has a completed best trial (its model is what the monitor"
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
}
