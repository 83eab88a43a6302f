package dev.vernier.monitor.ingest;

import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Tells an unreachable broker from a quiet topic. A consumer whose broker is down polls nothing,
 * exactly as one whose topic has no new records: after {@link #QUIET} without a record, the
 * consumer asks the broker for its assigned partitions' end offsets (the topic list while it has
 * none), waiting at most {@link #ASK}. No answer: the broker is down, and the monitor is DEGRADED
 * with a reason saying so; the next record or answer ends it. Used on the consumer's thread only.
 */
final class BrokerWatch {
  /** How long without a record before the broker is asked. */
  static final Duration QUIET = Duration.ofSeconds(2);

  /** How long the broker has to answer. */
  static final Duration ASK = Duration.ofSeconds(3);

  /** What the watch reports: the reason while the broker is down, null once it answers. */
  interface Listener {
    void brokerDown(String reason);

    void brokerBack();
  }

  private final Listener listener;
  private final LongSupplier nanos;
  private long lastAnswer;
  private long downSince = -1;

  BrokerWatch(Listener listener, LongSupplier nanos) {
    this.listener = listener;
    this.nanos = nanos;
    this.lastAnswer = nanos.getAsLong();
  }

  /** Whether the broker is known to be down (no answer at the last question). */
  boolean down() {
    return downSince >= 0;
  }

  /** After a poll: {@code records} says whether it returned any. */
  void polled(Consumer<?, ?> c, boolean records) {
    long now = nanos.getAsLong();
    if (records) {
      answered(now);
      return;
    }
    if (now - lastAnswer < QUIET.toNanos()) {
      return;
    }
    try {
      Set<TopicPartition> assigned = c.assignment();
      if (assigned.isEmpty()) {
        c.listTopics(ASK);
      } else {
        c.endOffsets(assigned, ASK);
      }
      answered(nanos.getAsLong());
    } catch (WakeupException | InterruptException e) {
      throw e; // the consumer is being closed: no answer is expected, nothing is wrong
    } catch (KafkaException e) { // a timeout, or the broker refusing: both leave us without data
      lastAnswer = nanos.getAsLong(); // ask again after another quiet period
      if (downSince < 0) {
        downSince = now;
        listener.brokerDown(
            "the Kafka broker does not answer ("
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage()
                + "); consuming resumes from the stored offsets when it is back");
      }
    }
  }

  private void answered(long now) {
    lastAnswer = now;
    if (downSince >= 0) {
      downSince = -1;
      listener.brokerBack();
    }
  }
}
