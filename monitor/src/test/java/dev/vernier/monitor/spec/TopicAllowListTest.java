package dev.vernier.monitor.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13: the Kafka topics a monitor may name are the administrator's to allow. */
class TopicAllowListTest {
  final TopicAllowList allowed = TopicAllowList.of(List.of("inferences\\..*", "vernier.alerts"));

  @Test
  void aPatternMatchesTheWholeTopicName() {
    assertTrue(allowed.allows("inferences.fmnist"));
    assertTrue(allowed.allows("vernier.alerts"));
    assertFalse(allowed.allows("payments"));
    assertFalse(allowed.allows("old-inferences.fmnist"), "not a substring match");
    assertFalse(allowed.allows("vernier.alerts.copy"));
    assertTrue(TopicAllowList.all().allows("anything"));
    assertFalse(TopicAllowList.none().allows("inferences.fmnist"));
  }

  @Test
  void everyTopicNotAllowedIsNamedWithItsFieldTheRuleAndTheValue() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                allowed.check(
                    new MonitorSpec.KafkaSource(
                        "inferences.fmnist", "payments", "payments.copy", "vernier.alerts")));
    assertEquals(2, e.errors().size(), e.getMessage());
    assertEquals("$.kafka.labelsTopic", e.errors().get(0).field());
    assertEquals("payments", e.errors().get(0).value());
    assertEquals(
        "is not among the topics the administrator allows: serve --kafka-topics"
            + " inferences\\..*,vernier.alerts",
        e.errors().get(0).rule());
    assertEquals("$.kafka.deadLetterTopic", e.errors().get(1).field());
    allowed.check(
        new MonitorSpec.KafkaSource(
            "inferences.a", null, "inferences.a.dead-letter", "vernier.alerts"));
  }

  @Test
  void anExternalBrokerWithoutKafkaTopicsAllowsNoneAndSaysHowToAllowSome() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                TopicAllowList.none()
                    .check(new MonitorSpec.KafkaSource("ev", null, "ev.dlq", "vernier.alerts")));
    assertEquals("$.kafka.eventsTopic", e.field());
    assertTrue(e.rule().contains("serve --kafka-topics"), e.rule());
    assertTrue(
        TopicAllowList.none()
            .refusal(new MonitorSpec.KafkaSource("ev", null, "ev.dlq", "vernier.alerts"))
            .orElseThrow()
            .contains("$.kafka.eventsTopic"));
  }

  @Test
  void aBadPatternIsRefusedNamingTheOption() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> TopicAllowList.of(List.of("events[")));
    assertEquals("--kafka-topics", e.field());
    assertEquals("events[", e.value());
  }
}
