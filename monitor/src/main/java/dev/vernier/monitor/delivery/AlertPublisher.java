package dev.vernier.monitor.delivery;

import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryRepository.Delivery;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.Webhook;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Delivers stored alerts to their targets: a Kafka topic ({@code kafka:TOPIC}) or a webhook URL
 * (HTTP POST of the alert's JSON). Every attempt is recorded; a failed one is retried with
 * exponential backoff ({@code baseBackoff} x 2^attempts) up to {@code maxAttempts}, then marked
 * FAILED. A failure no retry can change is FAILED at once: a webhook that is no longer registered
 * (not called), a topic the administrator no longer allows, a redirect (never followed). Each
 * attempt's {@link Outcome} says which kind of failure it was.
 *
 * <p>Webhook posts: signed ({@link WebhookSignature#HEADER}) with the webhook's secret, and
 * carrying {@code Vernier-Webhook-Id}, {@code Vernier-Delivery-Id} (the same on every retry of one
 * alert to one webhook) and {@code X-Vernier-Alert} (the alert id). Before every post the host is
 * resolved again: one that resolves to a private address is not posted to unless the webhook was
 * registered with {@code allowPrivate} ({@link WebhookAddresses}); redirects are never followed. A
 * webhook registered before posts were signed (no secret) is posted to unsigned, with a warning in
 * the log. Deliveries are at least once: a crash after sending and before recording repeats the
 * send; the payload carries the alert id for receivers to drop repeats.
 *
 * <p><b>Bounded attempts.</b> A webhook attempt takes at most {@link #ATTEMPT_TIMEOUT} in all, from
 * connecting (itself at most {@link #CONNECT_TIMEOUT}) to the answer's end: a receiver that sends
 * its headers and then not its body is abandoned (the exchange is cancelled, the connection
 * closed), and the attempt fails with "no complete answer within 10 s", retried as any failure. Of
 * the answer's body only its first {@link AnswerExcerpt#KEPT} bytes are read ({@link
 * AnswerExcerpt}), for the error of a non-2xx answer.
 *
 * <p><b>Threads.</b> {@link #deliverPending} is called by the monitor loop. It posts to different
 * webhooks in parallel, on at most {@link #PARALLEL_WEBHOOKS} threads of its own, and to one
 * webhook one post at a time, in alert order; a webhook whose attempt stalled is left until the
 * next pass (its other deliveries are not tried after it in this pass), and a webhook's turn ends
 * after about one attempt timeout so that others get the threads. The pass waits for its posts at
 * most {@link #ATTEMPT_TIMEOUT} and a second: posts still running then go on and record their own
 * results, and later passes skip their webhook until they end. One stalled receiver thus holds the
 * loop for at most about 11 s a pass, and delays no other webhook while a thread is free. Kafka
 * publishes run on the caller's thread.
 *
 * <p>Replicas: every replica's loop runs this publisher on the shared database. Each attempt is
 * claimed first ({@link DeliveryRepository#claimAttempt}: a conditional update on the delivery's
 * attempts, due time and in-flight mark), so one replica sends it; the backoff lives in the row
 * (its attempts and last change), not only in this process.
 */
public final class AlertPublisher implements AutoCloseable {
  public static final String KAFKA_PREFIX = "kafka:";

  /** The longest one webhook attempt takes, connecting and the whole answer included. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest a webhook attempt waits for its connection (within {@link #ATTEMPT_TIMEOUT}). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How many webhooks are posted to at once. */
  public static final int PARALLEL_WEBHOOKS = 4;

  /**
   * How long a claimed attempt may run before another publisher may take the delivery over (its
   * claimer died): more than a publish (30 s) or a webhook post ({@link #ATTEMPT_TIMEOUT} in all).
   */
  static final Duration IN_FLIGHT = Duration.ofMinutes(2);

  /** How long a pass waits for its posts beyond one attempt's timeout. */
  private static final Duration PASS_MARGIN = Duration.ofSeconds(1);

  private static final Logger LOG = Logger.getLogger(AlertPublisher.class.getName());

  /**
   * How one attempt ended, which decides the delivery's next state: DELIVERED; PENDING again after
   * the backoff (RETRY, STALLED) while attempts remain; FAILED at once (GIVE_UP).
   */
  enum Outcome {
    /** The target took the alert (a 2xx answer, an acknowledged publish). */
    DELIVERED,
    /** Failed in a way that may pass (an error answer, a refused connection, a broker error). */
    RETRY,
    /**
     * No complete answer in time (or no connection): retried after the backoff, and the webhook's
     * other deliveries are left until the next pass.
     */
    STALLED,
    /** Failed in a way no retry changes (a redirect, an unregistered webhook, a refused topic). */
    GIVE_UP
  }

  /** One attempt's outcome and, unless DELIVERED, its error as recorded for the delivery. */
  record Attempt(Outcome outcome, String error) {
    static final Attempt DELIVERED = new Attempt(Outcome.DELIVERED, null);
  }

  private final DeliveryRepository store;
  private final LongFunction<String> payloads;
  private final Map<String, Object> kafkaConfig;
  private final Clock clock;
  private final Duration baseBackoff;
  private final int maxAttempts;
  private final TopicAllowList topics;
  private final Duration attemptTimeout;
  private final Duration connectTimeout;
  private final HttpClient http;
  private final ThreadPoolExecutor posting;

  /** Webhook URLs whose posts of an earlier pass still run. */
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  private final Set<String> warnedUnsigned = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
  private KafkaProducer<byte[], byte[]> producer;

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   */
  public AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts) {
    this(store, payloads, kafkaConfig, clock, baseBackoff, maxAttempts, TopicAllowList.all());
  }

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   * @param topics the alert topics the administrator allows
   */
  public AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts,
      TopicAllowList topics) {
    this(store, payloads, kafkaConfig, clock, baseBackoff, maxAttempts, topics, ATTEMPT_TIMEOUT);
  }

  /**
   * As above, with another bound on a webhook attempt (tests: a stalled receiver in less than 10
   * s); the connect timeout is {@link #CONNECT_TIMEOUT} or this, whichever is shorter.
   */
  AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts,
      TopicAllowList topics,
      Duration attemptTimeout) {
    this.topics = topics;
    this.store = store;
    this.payloads = payloads;
    this.kafkaConfig = kafkaConfig;
    this.clock = clock;
    this.baseBackoff = baseBackoff;
    this.maxAttempts = maxAttempts;
    this.attemptTimeout = attemptTimeout;
    this.connectTimeout =
        attemptTimeout.compareTo(CONNECT_TIMEOUT) < 0 ? attemptTimeout : CONNECT_TIMEOUT;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    AtomicInteger threads = new AtomicInteger();
    this.posting =
        new ThreadPoolExecutor(
            PARALLEL_WEBHOOKS,
            PARALLEL_WEBHOOKS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "vernier-webhook-post-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    posting.allowCoreThreadTimeOut(true);
  }

  /**
   * Attempts every pending delivery whose backoff has passed; returns how many were delivered
   * during the call. Webhook posts still running when it returns (see "Threads" above) record their
   * results when they end and are not counted.
   */
  public synchronized int deliverPending() {
    long passStart = System.nanoTime();
    Map<String, Webhook> registered = new HashMap<>();
    store.webhooks().forEach(w -> registered.put(w.url(), w));
    List<Delivery> kafka = new ArrayList<>();
    Map<String, List<Delivery>> byWebhook = new LinkedHashMap<>();
    for (Delivery d : store.pendingDeliveries()) {
      if (notBefore.getOrDefault(key(d), 0L) > clock.millis()) {
        continue;
      }
      if (d.target().startsWith(KAFKA_PREFIX)) {
        kafka.add(d);
      } else if (!registered.containsKey(d.target())) {
        if (claim(d)) {
          record(d, new Attempt(Outcome.GIVE_UP, "webhook not registered"));
        }
      } else {
        byWebhook.computeIfAbsent(d.target(), t -> new ArrayList<>()).add(d);
      }
    }
    List<Future<Integer>> posts = new ArrayList<>();
    for (Map.Entry<String, List<Delivery>> e : byWebhook.entrySet()) {
      Webhook hook = registered.get(e.getKey());
      if (!busy.add(hook.url())) {
        continue; // an earlier pass's posts to it still run
      }
      try {
        posts.add(posting.submit(() -> postAll(hook, e.getValue())));
      } catch (RejectedExecutionException closed) {
        busy.remove(hook.url());
      }
    }
    int delivered = 0;
    for (Delivery d : kafka) {
      // the attempt is claimed in the database first: of the replicas that see this delivery due,
      // one sends it
      if (claim(d) && record(d, publish(d))) {
        delivered++;
      }
    }
    long deadline = passStart + attemptTimeout.plus(PASS_MARGIN).toNanos();
    for (Future<Integer> f : posts) {
      try {
        delivered += f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException stillRunning) {
        // it records its own results; its webhook is skipped until it ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        LOG.log(Level.WARNING, "webhook posts failed", e.getCause());
      }
    }
    return delivered;
  }

  /**
   * Posts {@code deliveries}, all to {@code hook}, one after the other; stops after a stalled
   * attempt, and after about one attempt timeout (the rest wait for the next pass). Returns how
   * many were delivered.
   */
  private int postAll(Webhook hook, List<Delivery> deliveries) {
    try {
      long start = System.nanoTime();
      int delivered = 0;
      for (Delivery d : deliveries) {
        if (System.nanoTime() - start > attemptTimeout.toNanos()
            || Thread.currentThread().isInterrupted()) {
          break;
        }
        if (!claim(d)) {
          continue;
        }
        Attempt a = post(hook, d.alertId());
        if (record(d, a)) {
          delivered++;
        }
        if (a.outcome() == Outcome.STALLED) {
          break;
        }
      }
      return delivered;
    } finally {
      busy.remove(hook.url());
    }
  }

  private static String key(Delivery d) {
    return d.alertId() + " " + d.target();
  }

  private long backoffMillis(int attempts) {
    return baseBackoff.toMillis() * (1L << Math.min(20, attempts - 1));
  }

  /** Claims the delivery's next attempt in the database (see the class comment: replicas). */
  private boolean claim(Delivery d) {
    long now = clock.millis();
    long due = d.attempts() == 0 ? Long.MAX_VALUE : now - backoffMillis(d.attempts());
    return store.claimAttempt(
        d.alertId(), d.target(), d.attempts(), now, due, now - IN_FLIGHT.toMillis());
  }

  /** Records a claimed attempt; true when it delivered. */
  private boolean record(Delivery d, Attempt a) {
    int attempts = d.attempts() + 1;
    DeliveryStatus status =
        switch (a.outcome()) {
          case DELIVERED -> DeliveryStatus.DELIVERED;
          case GIVE_UP -> DeliveryStatus.FAILED;
          case RETRY, STALLED ->
              attempts >= maxAttempts ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
        };
    long now = clock.millis();
    store.recordDelivery(d.alertId(), d.target(), status, attempts, a.error(), now);
    if (status == DeliveryStatus.PENDING) {
      notBefore.put(key(d), now + backoffMillis(attempts));
    } else {
      notBefore.remove(key(d));
    }
    return a.outcome() == Outcome.DELIVERED;
  }

  private Attempt publish(Delivery d) {
    String topic = d.target().substring(KAFKA_PREFIX.length());
    if (!topics.allows(topic)) {
      return new Attempt(Outcome.GIVE_UP, "topic not allowed: serve " + topics.description());
    }
    try {
      send(topic, d.alertId());
      return Attempt.DELIVERED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(Outcome.RETRY, "interrupted: the service is stopping");
    } catch (Exception e) {
      return new Attempt(Outcome.RETRY, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void send(String topic, long alertId) throws Exception {
    if (kafkaConfig == null) {
      throw new IllegalStateException("Kafka is not configured");
    }
    if (producer == null) {
      Map<String, Object> pc = new HashMap<>(kafkaConfig);
      pc.put(ProducerConfig.ACKS_CONFIG, "all");
      pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      pc.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vernier-alerts");
      producer = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
    }
    producer
        .send(
            new ProducerRecord<>(
                topic,
                Long.toString(alertId).getBytes(StandardCharsets.UTF_8),
                payloads.apply(alertId).getBytes(StandardCharsets.UTF_8)))
        .get(30, TimeUnit.SECONDS);
  }

  /** One post of an alert to a webhook, bounded by the attempt timeout in all. */
  private Attempt post(Webhook hook, long alertId) {
    String url = hook.url();
    if (!hook.allowPrivate()) {
      try {
        var p = WebhookAddresses.privateAddress(url);
        if (p.isPresent()) {
          return new Attempt(
              Outcome.RETRY,
              "not posted: "
                  + hook.host()
                  + " resolves to the private address "
                  + p.get().getHostAddress()
                  + " and the webhook was not registered with allowPrivate");
        }
      } catch (UnknownHostException e) {
        return new Attempt(Outcome.RETRY, "cannot resolve " + hook.host() + " (unknown host)");
      }
    }
    byte[] body = payloads.apply(alertId).getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(attemptTimeout)
            .header("Content-Type", "application/json")
            .header("X-Vernier-Alert", Long.toString(alertId))
            .header("Vernier-Webhook-Id", hook.id())
            .header("Vernier-Delivery-Id", alertId + "." + hook.id());
    if (hook.secret() != null) {
      b.header(
          WebhookSignature.HEADER,
          WebhookSignature.header(hook.secret(), clock.millis() / 1000, body));
    } else if (warnedUnsigned.add(hook.id())) {
      LOG.warning(
          "webhook "
              + hook.id()
              + " ("
              + hook.host()
              + ") has no secret: its posts are not signed until an administrator registers it"
              + " again (POST /api/v1/webhooks with its url; a secret is given or generated)");
    }
    AtomicInteger status = new AtomicInteger(); // the answer's status, once its headers came
    CompletableFuture<HttpResponse<String>> answer =
        http.sendAsync(
            b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            info -> {
              status.set(info.statusCode());
              return new AnswerExcerpt();
            });
    HttpResponse<String> r;
    try {
      r = answer.get(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return stalled(url, status.get());
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new Attempt(Outcome.RETRY, "interrupted: the service is stopping");
    } catch (ExecutionException e) {
      return failure(url, e.getCause(), status.get());
    }
    int code = r.statusCode();
    if (code / 100 == 2) {
      return Attempt.DELIVERED;
    }
    if (code / 100 == 3) {
      return new Attempt(
          Outcome.GIVE_UP,
          "redirects are not followed: HTTP "
              + code
              + redirectTarget(url, r.headers().firstValue("Location").orElse(null))
              + " from "
              + url
              + "; register the address it points to");
    }
    String excerpt = AnswerExcerpt.oneLine(r.body(), 200);
    // the form of this error predates the attempts' outcomes; receivers' dashboards may match it
    return new Attempt(
        Outcome.RETRY,
        "IllegalStateException: HTTP "
            + code
            + " from "
            + url
            + (excerpt.isEmpty() ? "" : ": " + excerpt));
  }

  /** " to HOST" of a redirect's Location (relative: the webhook's host), or why there is none. */
  private static String redirectTarget(String url, String location) {
    if (location == null) {
      return " (no Location)";
    }
    try {
      String host = URI.create(url).resolve(location.strip()).getHost();
      return host == null ? " (to a Location without a host)" : " to " + host;
    } catch (IllegalArgumentException e) {
      return " (to an unreadable Location)";
    }
  }

  private Attempt stalled(String url, int status) {
    return new Attempt(
        Outcome.STALLED,
        "no complete answer within "
            + text(attemptTimeout)
            + " from "
            + url
            + (status == 0
                ? " (no status line came)"
                : " (HTTP " + status + " came, then not the whole body)"));
  }

  /** The error of an attempt the HTTP client failed with {@code e}. */
  private Attempt failure(String url, Throwable e, int status) {
    URI u = URI.create(url);
    int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    String where = u.getHost() + ":" + port;
    if (e instanceof HttpConnectTimeoutException) {
      return new Attempt(
          Outcome.STALLED,
          "cannot connect to " + where + " within " + text(connectTimeout) + " (connect timeout)");
    }
    if (e instanceof HttpTimeoutException) {
      return stalled(url, status);
    }
    if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
      return new Attempt(Outcome.RETRY, "cannot resolve " + u.getHost() + " (unknown host)");
    }
    if (e instanceof ConnectException) {
      return new Attempt(
          Outcome.RETRY,
          "cannot connect to " + where + " (" + reason(e, "connection refused") + ")");
    }
    if (causedBy(e, SSLException.class)) {
      return new Attempt(
          Outcome.RETRY, "TLS with " + where + " failed (" + reason(e, "handshake failed") + ")");
    }
    if (e instanceof IOException) {
      return new Attempt(
          Outcome.RETRY,
          (status == 0 ? "the exchange with " : "the answer (HTTP " + status + ") from ")
              + url
              + " broke off ("
              + reason(e, e.getClass().getSimpleName())
              + ")");
    }
    return new Attempt(
        Outcome.RETRY, e.getClass().getSimpleName() + ": " + reason(e, "no message"));
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message of {@code e}'s causes, in lower case first, or {@code otherwise}. */
  private static String reason(Throwable e, String otherwise) {
    String found = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        found = t.getMessage();
      }
    }
    if (found == null) {
      return otherwise;
    }
    String s = AnswerExcerpt.oneLine(found, 200);
    return s.length() > 1 && Character.isLowerCase(s.charAt(1))
        ? Character.toLowerCase(s.charAt(0)) + s.substring(1)
        : s;
  }

  /** "10 s", or "500 ms" for a duration that is not whole seconds. */
  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  @Override
  public synchronized void close() {
    posting.shutdownNow();
    try {
      posting.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
