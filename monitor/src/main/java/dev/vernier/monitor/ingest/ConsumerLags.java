package dev.vernier.monitor.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A monitor's consumer lag per partition as its consumer last saw it: the records left to read
 * after the last poll that returned records from the partition (Kafka's {@code currentLag}, the LAG
 * column of {@code kafka-consumer-groups.sh}, measured from the position instead of the group's
 * committed offset). Partitions move to another process on a rebalance and leave this one. Written
 * by the consumer's thread, read by any (the REST API); thread-safe.
 */
public final class ConsumerLags {
  /** One partition's lag: {@code records} left to read. */
  public record PartitionLag(String topic, int partition, long records) {}

  private final Map<TopicPartition, Long> lags = new ConcurrentHashMap<>();

  void set(TopicPartition tp, long records) {
    lags.put(tp, records);
  }

  /** The partitions left this consumer (revoked or lost). */
  void revoked(Collection<TopicPartition> partitions) {
    partitions.forEach(lags::remove);
  }

  /** The partitions this consumer has read from and holds, by topic then partition. */
  public List<PartitionLag> now() {
    List<PartitionLag> out = new ArrayList<>();
    lags.forEach((tp, n) -> out.add(new PartitionLag(tp.topic(), tp.partition(), n)));
    out.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
    return out;
  }
}
