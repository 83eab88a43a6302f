package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.spec.TopicAllowList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13: {@code serve --kafka-topics} and its defaults. */
class ServeKafkaTopicsTest {
  @Test
  void withoutTheOptionTheEmbeddedBrokerAllowsEveryTopicAndAnExternalOneNone() {
    assertTrue(KafkaOptions.topics(List.of(), true).allows("anything"));
    TopicAllowList external = KafkaOptions.topics(List.of(), false);
    assertFalse(external.allows("inferences"));
  }

  @Test
  void patternsAreSplitAtCommasOutsideBracesAndMayRepeat() {
    assertEquals(List.of("a{1,3}", "b[,x]", "c"), KafkaOptions.splitPatterns("a{1,3},b[,x],c"));
    TopicAllowList t =
        KafkaOptions.topics(List.of("inferences\\..*,labels", "vernier.alerts"), false);
    assertTrue(t.allows("inferences.fmnist"));
    assertTrue(t.allows("labels"));
    assertTrue(t.allows("vernier.alerts"));
    assertFalse(t.allows("payments"));
    TopicAllowList embedded = KafkaOptions.topics(List.of("inferences"), true);
    assertFalse(embedded.allows("payments"), "given, the option holds for the embedded broker too");
  }

  @Test
  void theOptionReachesTheServerSettings() {
    ServeCommand serve = new ServeCommand();
    new picocli.CommandLine(serve)
        .parseArgs(
            "--kafka-bootstrap",
            "broker:9092",
            "--kafka-topics",
            "a\\..*,b",
            "--kafka-topics",
            "c");
    TopicAllowList t = serve.settings().kafkaTopics();
    assertTrue(t.allows("a.x") && t.allows("b") && t.allows("c"));
    assertFalse(t.allows("ax"));
    ServeCommand bare = new ServeCommand();
    new picocli.CommandLine(bare).parseArgs("--kafka-bootstrap", "broker:9092");
    assertFalse(bare.settings().kafkaTopics().allows("a.x"), "an external broker allows none");
  }

  @Test
  void aBadPatternIsAnErrorNamingTheOption() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> KafkaOptions.topics(List.of("ok,(unclosed"), false));
    assertEquals("--kafka-topics", e.field());
    assertEquals("(unclosed", e.value());
  }
}
