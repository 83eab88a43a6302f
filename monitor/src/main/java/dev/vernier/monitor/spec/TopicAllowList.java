package dev.vernier.monitor.spec;

import dev.vernier.core.InputErrors;
import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Kafka topics monitors may read and write, as the administrator allows them ({@code vernier
 * serve --kafka-topics 'inferences.*,vernier.alerts'}). A monitor reads with the service's own
 * Kafka credentials, so a submitter must not choose any topic those credentials reach: every topic
 * a monitor names (events, labels, dead-letter, alerts) must match one pattern, a Java regular
 * expression matched against the whole topic name.
 *
 * <p>Checked when a monitor is created ({@link #check}: a 400 naming the field, the rule and the
 * topic) and again when a stored monitor starts ({@link #refusal}: it is not consumed and its state
 * says why). Immutable and thread-safe.
 */
public final class TopicAllowList {
  private final List<Pattern> patterns;
  private final String description;

  private TopicAllowList(List<Pattern> patterns, String description) {
    this.patterns = patterns;
    this.description = description;
  }

  /** Every topic: the service's own embedded broker, when no --kafka-topics is given. */
  public static TopicAllowList all() {
    return new TopicAllowList(null, "every topic (the service's embedded broker)");
  }

  /** No topic: an external broker without --kafka-topics. */
  public static TopicAllowList none() {
    return new TopicAllowList(List.of(), "no topic");
  }

  /**
   * The topics matching one of {@code regexes} (whole-name matches).
   *
   * @throws InvalidInputException naming {@code --kafka-topics} when one is not a regular
   *     expression, or none is given
   */
  public static TopicAllowList of(List<String> regexes) {
    List<Pattern> out = new ArrayList<>();
    for (String r : regexes) {
      if (r.isBlank()) {
        throw new InvalidInputException(
            "--kafka-topics", "must be Java regular expressions separated by commas", r);
      }
      try {
        out.add(Pattern.compile(r.strip()));
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException(
            "--kafka-topics", "must be Java regular expressions (" + e.getDescription() + ")", r);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("--kafka-topics", "must name at least one pattern", "");
    }
    return new TopicAllowList(
        List.copyOf(out),
        "--kafka-topics " + String.join(",", regexes.stream().map(String::strip).toList()));
  }

  /** Whether a monitor may read or write {@code topic}. */
  public boolean allows(String topic) {
    if (patterns == null) {
      return true;
    }
    for (Pattern p : patterns) {
      if (p.matcher(topic).matches()) {
        return true;
      }
    }
    return false;
  }

  /** What is allowed, for messages: {@code --kafka-topics inferences.*} or {@code no topic}. */
  public String description() {
    return description;
  }

  /**
   * Refuses a monitor's topics that are not allowed: one error per topic, naming its field ({@code
   * $.kafka.eventsTopic}, ...), the rule and the topic.
   *
   * @throws InvalidInputException listing every topic not allowed
   */
  public void check(MonitorSpec.KafkaSource k) {
    if (k == null) {
      return;
    }
    InputErrors errors = new InputErrors();
    check(errors, "$.kafka.eventsTopic", k.eventsTopic());
    check(errors, "$.kafka.labelsTopic", k.labelsTopic());
    check(errors, "$.kafka.deadLetterTopic", k.deadLetterTopic());
    check(errors, "$.kafka.alertsTopic", k.alertsTopic());
    errors.throwIfAny();
  }

  /** Why a stored monitor may not consume (a topic it names is no longer allowed), or empty. */
  public Optional<String> refusal(MonitorSpec.KafkaSource k) {
    try {
      check(k);
      return Optional.empty();
    } catch (InvalidInputException e) {
      return Optional.of(e.getMessage().replace('\n', ' '));
    }
  }

  private void check(InputErrors errors, String field, String topic) {
    if (topic != null && !allows(topic)) {
      errors.add(field, rule(), topic);
    }
  }

  private String rule() {
    if (patterns != null && patterns.isEmpty()) {
      return "is not among the topics the administrator allows (none: this server reads an"
          + " external broker and was started without --kafka-topics; start it with"
          + " serve --kafka-topics 'REGEX,...' to allow some)";
    }
    return "is not among the topics the administrator allows: serve " + description;
  }
}
