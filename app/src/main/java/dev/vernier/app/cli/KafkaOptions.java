package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.kafka.embedded.ForeignKafkaFolderException;
import dev.vernier.monitor.spec.TopicAllowList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka options of {@code vernier serve}: the broker monitors use (external or embedded), its
 * client settings, and the topics monitors may name.
 */
final class KafkaOptions {
  @Option(
      names = "--kafka-bootstrap",
      description = "Kafka bootstrap.servers for monitors (host:port,...).")
  String kafkaBootstrap;

  @Option(
      names = "--kafka-config",
      description =
          "A properties file of Kafka client settings passed through to monitors' clients"
              + " (security.protocol, sasl.*, ssl.*, ...).")
  Path kafkaConfig;

  @Option(
      names = "--embedded-kafka",
      description =
          "Start a single-node Kafka broker in this process on 127.0.0.1 (data under --data);"
              + " for trying Vernier out, not for production.")
  boolean embeddedKafka;

  @Option(
      names = "--kafka-topics",
      paramLabel = "REGEX[,REGEX...]",
      description =
          "The Kafka topics monitors may read and write (events, labels, dead-letter, alerts):"
              + " Java regular expressions, each matched against the whole topic name, separated"
              + " by commas or given in several options. Default: every topic with"
              + " --embedded-kafka, none with an external broker.")
  List<String> kafkaTopics = new ArrayList<>();

  /** The Kafka client settings from --kafka-config and --kafka-bootstrap. */
  Map<String, Object> clientConfig() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (kafkaConfig != null) {
      Properties p = new Properties();
      try (var in = Files.newInputStream(kafkaConfig)) {
        p.load(in);
      } catch (IOException e) {
        throw new InvalidInputException(
            "--kafka-config", "must be a readable properties file", kafkaConfig.toString());
      }
      p.forEach((k, v) -> out.put(k.toString(), v.toString()));
    }
    if (kafkaBootstrap != null) {
      if (embeddedKafka) {
        throw new InvalidInputException(
            "--kafka-bootstrap", "cannot be combined with --embedded-kafka", kafkaBootstrap);
      }
      out.put("bootstrap.servers", kafkaBootstrap);
    }
    if (!out.isEmpty() && !out.containsKey("bootstrap.servers")) {
      throw new InvalidInputException(
          "--kafka-config", "must set bootstrap.servers (or give --kafka-bootstrap)", kafkaConfig);
    }
    return out;
  }

  /** The topics monitors may name, from --kafka-topics and --embedded-kafka. */
  TopicAllowList topics() {
    return topics(kafkaTopics, embeddedKafka);
  }

  /**
   * The topics monitors may name: those matching {@code --kafka-topics}; without it, every topic of
   * the embedded broker (the service's own) and none of an external one.
   */
  static TopicAllowList topics(List<String> options, boolean embedded) {
    if (options.isEmpty()) {
      return embedded ? TopicAllowList.all() : TopicAllowList.none();
    }
    List<String> patterns = new ArrayList<>();
    for (String o : options) {
      patterns.addAll(splitPatterns(o));
    }
    return TopicAllowList.of(patterns);
  }

  /** Splits at the commas outside braces and brackets ({@code a{1,3},b} is two patterns). */
  static List<String> splitPatterns(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && depth > 0) {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /**
   * Starts (or starts again) the embedded broker on {@code data}/kafka; a folder of another cluster
   * is bad input: exit 2, naming --data.
   */
  static EmbeddedKafka startEmbedded(Path data) {
    try {
      return EmbeddedKafka.start(data.resolve("kafka"));
    } catch (ForeignKafkaFolderException e) {
      throw new InvalidInputException(
          "--data",
          "must not hold another Kafka cluster's data in its kafka folder ("
              + e.reason()
              + "); use another --data folder, or remove "
              + e.folder()
              + " to start an empty broker (its topics, records and offsets are lost)",
          data.toString(),
          e);
    }
  }
}
