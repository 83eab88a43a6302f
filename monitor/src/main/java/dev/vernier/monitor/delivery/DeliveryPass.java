package dev.vernier.monitor.delivery;

import dev.vernier.monitor.delivery.Attempt.Outcome;
import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryRepository.Delivery;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link AlertPublisher}'s delivery pass: picks the pending deliveries whose backoff has
 * passed, claims each attempt in the database (one replica sends it), hands it to {@link
 * KafkaAlerts} or {@link WebhookPost}, and records its {@link Attempt} (DELIVERED, PENDING again
 * after the backoff, or FAILED). Owns the posting threads: different webhooks in parallel on at
 * most {@link AlertPublisher#PARALLEL_WEBHOOKS} threads, one webhook one post at a time, in alert
 * order (see "Threads" in the publisher's class comment). {@link #run} and {@link #close} are
 * called under the publisher's lock; posts still running after a pass record their own results.
 */
final class DeliveryPass {
  /** How long a pass waits for its posts beyond one attempt's timeout. */
  private static final Duration PASS_MARGIN = Duration.ofSeconds(1);

  // the publisher's logger: the warnings keep the name operators filter on
  private static final Logger LOG = Logger.getLogger(AlertPublisher.class.getName());

  private final DeliveryRepository store;
  private final Clock clock;
  private final Duration baseBackoff;
  private final int maxAttempts;
  private final Duration attemptTimeout;
  private final KafkaAlerts kafka;
  private final WebhookPost webhooks;
  private final ThreadPoolExecutor posting;

  /** Webhook URLs whose posts of an earlier pass still run. */
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  private final Map<String, Long> notBefore = new ConcurrentHashMap<>();

  DeliveryPass(
      DeliveryRepository store,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts,
      Duration attemptTimeout,
      KafkaAlerts kafka,
      WebhookPost webhooks) {
    this.store = store;
    this.clock = clock;
    this.baseBackoff = baseBackoff;
    this.maxAttempts = maxAttempts;
    this.attemptTimeout = attemptTimeout;
    this.kafka = kafka;
    this.webhooks = webhooks;
    AtomicInteger threads = new AtomicInteger();
    this.posting =
        new ThreadPoolExecutor(
            AlertPublisher.PARALLEL_WEBHOOKS,
            AlertPublisher.PARALLEL_WEBHOOKS,
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
   * during the call. Webhook posts still running when it returns record their results when they end
   * and are not counted.
   */
  int run() {
    long passStart = System.nanoTime();
    Map<String, Webhook> registered = new HashMap<>();
    store.webhooks().forEach(w -> registered.put(w.url(), w));
    List<Delivery> toKafka = new ArrayList<>();
    Map<String, List<Delivery>> byWebhook = new LinkedHashMap<>();
    for (Delivery d : store.pendingDeliveries()) {
      if (notBefore.getOrDefault(key(d), 0L) > clock.millis()) {
        continue;
      }
      if (d.target().startsWith(AlertPublisher.KAFKA_PREFIX)) {
        toKafka.add(d);
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
    for (Delivery d : toKafka) {
      // the attempt is claimed in the database first: of the replicas that see this delivery due,
      // one sends it
      if (claim(d) && record(d, kafka.publish(d))) {
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
        Attempt a = webhooks.post(hook, d.alertId());
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

  /** Claims the delivery's next attempt in the database (see the publisher's comment: replicas). */
  private boolean claim(Delivery d) {
    long now = clock.millis();
    long due = d.attempts() == 0 ? Long.MAX_VALUE : now - backoffMillis(d.attempts());
    return store.claimAttempt(
        d.alertId(), d.target(), d.attempts(), now, due, now - AlertPublisher.IN_FLIGHT.toMillis());
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

  /** Stops the posting threads, waiting at most 2 s for the posts that run. */
  void close() {
    posting.shutdownNow();
    try {
      posting.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
