package dev.vernier.monitor.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.drift.DriftMethods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Monitor specs against a data root holding train.csv and labels.csv. */
class MonitorSpecParserTest {
  @TempDir Path dir;
  Path root;
  Path outside;
  MonitorSpecParser parser;

  @BeforeEach
  void roots() throws IOException {
    root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(root.resolve("train.csv"), "1,0.5\n0,0.25\n");
    Files.writeString(root.resolve("labels.csv"), "1\n0\n");
    outside = Files.writeString(dir.resolve("outside.csv"), "1,0.5\n");
    parser = new MonitorSpecParser(new DataRoots(List.of(root)), DriftMethods.names());
  }

  static ObjectNode json(String text) {
    return (ObjectNode) Json.parse(text.replace('\'', '"'), "test spec").node;
  }

  /** The smallest valid spec, with member {@code name} set to the JSON {@code value}. */
  static ObjectNode minimal(String name, String value) {
    ObjectNode o = json("{'name':'churn-monitor','model':'churn','baseline':{'path':'train.csv'}}");
    if (name != null) {
      o.set(name, json("{'v':" + value.replace('\'', '"') + "}").get("v"));
    }
    return o;
  }

  InvalidInputException invalid(ObjectNode spec) {
    return assertThrows(InvalidInputException.class, () -> parser.parse(spec), spec::toString);
  }

  @Test
  void parsesAFullSpec() throws IOException {
    MonitorSpec s =
        parser.parse(
            json(
                "{'name':'churn-monitor','model':'churn','jobId':'job-7',"
                    + "'baseline':{'path':'train.csv','labels':'labels.csv','format':'CSV'},"
                    + "'kafka':{'eventsTopic':'events.v1','labelsTopic':'labels_v1',"
                    + "'deadLetterTopic':'dlq','alertsTopic':'alerts'},"
                    + "'window':{'size':'PT5M','allowedLateness':30000},"
                    + "'drift':{'methods':['KS','psi','chi2'],'decision':'ks',"
                    + "'correction':'BH','featureShare':1},"
                    + "'alerts':{'k':1,'n':4},'capture':true,"
                    + "'retraining':{'cooldown':'PT2H','maxTrials':3,'minLabelledRows':500},"
                    + "'labelHorizon':'PT30M','webhooks':['https://hooks.example.com/a?b=1']}"));
    assertEquals("churn-monitor", s.name());
    assertEquals("churn", s.model());
    assertEquals("job-7", s.jobId());
    assertEquals(root.resolve("train.csv").toRealPath(), s.baseline().path());
    assertEquals(root.resolve("labels.csv").toRealPath(), s.baseline().labels());
    assertEquals("csv", s.baseline().format());
    assertEquals(new MonitorSpec.KafkaSource("events.v1", "labels_v1", "dlq", "alerts"), s.kafka());
    assertEquals(new WindowSpec(WindowSpec.Kind.TIME, 300_000, 30_000), s.window());
    assertEquals(
        new MonitorSpec.DriftPolicy(List.of("ks", "psi", "chi2"), "ks", "bh", 1.0), s.drift());
    assertEquals(new MonitorSpec.AlertPolicy(1, 4), s.alerts());
    assertTrue(s.capture());
    assertEquals(
        new MonitorSpec.Retraining(true, Duration.ofHours(2), 3, 500),
        s.retraining(),
        "a retraining section without 'enabled' enables it");
    assertEquals(Duration.ofMinutes(30), s.labelHorizon());
    assertEquals(List.of("https://hooks.example.com/a?b=1"), s.webhooks());
  }

  @Test
  void fillsDefaults() {
    MonitorSpec s = parser.parse(minimal(null, null));
    assertNull(s.jobId());
    assertNull(s.kafka(), "no kafka section: a monitor fed over HTTP");
    assertNull(s.baseline().labels());
    assertEquals("auto", s.baseline().format());
    assertEquals(WindowSpec.events(1000), s.window());
    assertEquals(
        new MonitorSpec.DriftPolicy(List.of("ks", "psi", "js", "wasserstein"), "psi", "none", 0.2),
        s.drift());
    assertEquals(new MonitorSpec.AlertPolicy(2, 3), s.alerts());
    assertFalse(s.capture());
    assertEquals(new MonitorSpec.Retraining(false, Duration.ofHours(1), 6), s.retraining());
    assertEquals(Duration.ofHours(1), s.labelHorizon());
    assertEquals(List.of(), s.webhooks());

    MonitorSpec.KafkaSource k = parser.parse(minimal("kafka", "{'eventsTopic':'ev'}")).kafka();
    assertEquals(new MonitorSpec.KafkaSource("ev", null, "ev.dead-letter", "vernier.alerts"), k);
  }

  @Test
  void derivesTheDecisionAndAlertDefaultsFromWhatIsGiven() {
    assertEquals(
        new MonitorSpec.DriftPolicy(List.of("js", "ks"), "js", "none", 0.2),
        parser.parse(minimal("drift", "{'methods':['js','ks']}")).drift(),
        "without psi the first method decides");
    assertEquals(
        "psi", parser.parse(minimal("drift", "{'methods':['ks','psi']}")).drift().decision());
    assertEquals(
        new MonitorSpec.AlertPolicy(1, 1), parser.parse(minimal("alerts", "{'n':1}")).alerts());
    assertEquals(
        new MonitorSpec.AlertPolicy(3, 3), parser.parse(minimal("alerts", "{'k':3}")).alerts());
    assertEquals(
        WindowSpec.time(Duration.ofSeconds(1), Duration.ZERO),
        parser.parse(minimal("window", "{'size':1000}")).window(),
        "a size in milliseconds, no lateness");
    assertFalse(parser.parse(minimal("retraining", "{'enabled':false}")).retraining().enabled());
  }

  @Test
  void rejectsAnUnknownFieldListingTheKnownOnes() {
    InvalidInputException e = invalid(minimal("windows", "{'events':10}"));
    assertEquals("$.windows", e.field());
    assertTrue(e.rule().startsWith("is not a known field; known: ["), e.rule());
    assertTrue(e.rule().contains("window"), e.rule());
    assertEquals("$.kafka.topic", invalid(minimal("kafka", "{'topic':'ev'}")).field());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          name     | 'churn monitor'            | $.name                | must be 1-63 letters, digits or inner dashes
          name     | '-churn'                   | $.name                | must be 1-63 letters, digits or inner dashes
          name     | 'churn-'                   | $.name                | must be 1-63 letters, digits or inner dashes
          name     | 7                          | $.name                | must be a non-empty string
          model    | null                       | $.model               | is required
          baseline | null                       | $.baseline            | is required
          baseline | 'train.csv'                | $.baseline            | must be a JSON object
          capture  | 'yes'                      | $.capture             | must be true or false
          baseline | {'path':'missing.csv'}     | $.baseline.path       | no such file under the data roots
          baseline | {'path':'../outside.csv'}  | $.baseline.path       | must lie under a configured data root
          baseline | {'path':'../nope.csv'}     | $.baseline.path       | must lie under a configured data root
          baseline | {'path':'.'}               | $.baseline.path       | must be a regular file
          baseline | {'path':'train.csv','format':'parquet'} | $.baseline.format | must be one of auto, idx, csv, libsvm
          kafka    | {'eventsTopic':'ev/1'}     | $.kafka.eventsTopic   | must be 1-249 characters
          kafka    | {'eventsTopic':'ev','deadLetterTopic':'a b'} | $.kafka.deadLetterTopic | must be 1-249 characters
          kafka    | {'labelsTopic':'lab'}      | $.kafka.eventsTopic   | is required
          window   | {'events':100,'size':'PT1M'} | $.window            | needs exactly one of 'events' (count windows) or 'size' (time windows)
          window   | {}                         | $.window              | needs exactly one of
          window   | {'events':100,'allowedLateness':'PT1M'} | $.window.allowedLateness | applies to time windows only
          window   | {'events':0}               | $.window.events       | must be between 1 and 10000000
          window   | {'size':'5 minutes'}       | $.window.size         | must be an ISO-8601 duration such as PT5M, or milliseconds
          window   | {'size':500}               | $.window.size         | must be at least PT1S
          window   | {'size':'PT1M','allowedLateness':'-PT1S'} | $.window.allowedLateness | must be at least PT0S
          drift    | {'methods':['ks','kl']}    | $.drift.methods[1]    | must be one of the drift methods [chi2, js, ks, linf, psi, wasserstein]
          drift    | {'methods':[]}             | $.drift.methods       | must name at least one method
          drift    | {'methods':['ks','js'],'decision':'psi'} | $.drift.decision | must be one of the monitor's methods [ks, js]
          drift    | {'decision':'kl'}          | $.drift.decision      | must be one of the drift methods
          drift    | {'correction':'holm'}      | $.drift.correction    | must be one of [none, bonferroni, bh]
          drift    | {'featureShare':0}         | $.drift.featureShare  | must be in (0, 1]
          drift    | {'featureShare':1.01}      | $.drift.featureShare  | must be in (0, 1]
          alerts   | {'k':4,'n':3}              | $.alerts.k            | must be <= n (3)
          alerts   | {'n':3}                    | -                     | -
          alerts   | {'k':3,'n':0}              | $.alerts.n            | must be between 1 and 100
          retraining | {'enabled':'true'}       | $.retraining.enabled  | must be true or false
          retraining | {'maxTrials':0}          | $.retraining.maxTrials | must be between 1 and 1000
          retraining | {'minLabelledRows':0}    | $.retraining.minLabelledRows | must be between 1 and 1000000000
          retraining | {'minLabelledRows':'all'} | $.retraining.minLabelledRows | must be an integer
          retraining | {'minLabelledRows':100}  | $.retraining.minLabelledRows | needs "capture": true
          retraining | {'enabled':true}         | $.retraining.enabled  | needs "jobId"
          retraining | {'cooldown':'PT2H'}      | $.retraining          | needs "jobId"
          labelHorizon | 'PT0.5S'               | $.labelHorizon        | must be at least PT1S
          window   | {'size':'PT2562047788015215H'} | $.window.size     | must be at most 100 years (P36500D, 3153600000000 ms)
          window   | {'size':'PT1M','allowedLateness':'PT2562047788015215H'} | $.window.allowedLateness | must be at most 100 years
          window   | {'size':3153600000001}     | $.window.size         | must be at most 100 years
          window   | {'size':99999999999999999999999} | $.window.size   | must be at most 100 years
          window   | {'size':'P36500D','allowedLateness':3153600000000} | - | -
          labelHorizon | 'PT2562047788016H'     | $.labelHorizon        | must be at most 100 years
          window   | {'size':'PT1M','maxFutureSkew':'-PT1S'} | $.window.maxFutureSkew | must be at least PT0S
          window   | {'events':10,'maxFutureSkew':'P36501D'} | $.window.maxFutureSkew | must be at most 100 years
          window   | {'size':'PT1M','maxFutureSkew':'soon'} | $.window.maxFutureSkew | must be an ISO-8601 duration
          labelHorizon | 'P36501D'              | $.labelHorizon        | must be at most 100 years
          retraining | {'enabled':false,'cooldown':'PT2562047788016H'} | $.retraining.cooldown | must be at most 100 years
          webhooks | ['https://ok.example.com','ftp://files.example.com/x'] | $.webhooks[1] | must be an absolute http or https URL
          webhooks | ['/relative/path']         | $.webhooks[0]         | must be an absolute http or https URL
          webhooks | 'https://ok.example.com'   | $.webhooks            | must be a JSON array
          """)
  void namesThePathAndTheRule(String member, String value, String field, String rule) {
    ObjectNode spec = minimal(member, value);
    if (field.equals("-")) {
      parser.parse(spec); // the control: valid
      return;
    }
    InvalidInputException e = invalid(spec);
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.rule().startsWith(rule), e.getMessage());
  }

  @Test
  void namesTheOffendingValue() {
    assertEquals("kl", invalid(minimal("drift", "{'methods':['kl']}")).value());
    assertEquals("1.5", invalid(minimal("drift", "{'featureShare':1.5}")).value());
    assertEquals("5", invalid(minimal("alerts", "{'k':5,'n':3}")).value());
    assertEquals("bad name", invalid(minimal("name", "'bad name'")).value());
    InvalidInputException outsideRoot =
        invalid(minimal("baseline", "{'path':'" + outside.toAbsolutePath() + "'}"));
    assertEquals("$.baseline.path", outsideRoot.field());
    assertTrue(outsideRoot.rule().startsWith("must lie under a configured data root"));
    assertEquals(outside.toAbsolutePath().toString(), outsideRoot.value());
    assertTrue(
        outsideRoot.getMessage().startsWith("$.baseline.path: must lie under"),
        outsideRoot.getMessage());
  }

  @Test
  void rejectsANameOfMoreThan63CharactersEvenWhenTheyAreInnerDashes() {
    String name = "a" + "-".repeat(70) + "b";
    InvalidInputException e = invalid(minimal("name", "'" + name + "'"));
    assertEquals("$.name", e.field());
    assertEquals(name, e.value());
    parser.parse(minimal("name", "'a" + "-".repeat(61) + "b'")); // 63: fine
  }

  @Test
  void acceptsBoundaryValues() {
    MonitorSpec s =
        parser.parse(
            json(
                "{'name':'"
                    + "a".repeat(63)
                    + "','model':'m','baseline':{'path':'train.csv'},"
                    + "'window':{'events':10000000},'drift':{'featureShare':1},"
                    + "'alerts':{'k':100,'n':100},'labelHorizon':1000,"
                    + "'kafka':{'eventsTopic':'"
                    + "t".repeat(249)
                    + "'}}"));
    assertEquals(63, s.name().length());
    assertEquals(WindowSpec.events(10_000_000), s.window());
    assertEquals(new MonitorSpec.AlertPolicy(100, 100), s.alerts());
    assertEquals("t".repeat(249), s.kafka().eventsTopic());
    assertEquals(
        "$.name",
        invalid(minimal("name", "'" + "a".repeat(64) + "'")).field(),
        "64 characters is one too many");
  }

  /**
   * Issue 13: the consumer group is the service's choice (a submitter could otherwise commit
   * offsets in another application's group); a spec naming one is refused, naming the field. A spec
   * stored before that, with its own group, still parses.
   */
  @Test
  void aSpecNamingItsConsumerGroupIsRefusedButOneStoredEarlierStillParses() {
    InvalidInputException e =
        invalid(minimal("kafka", "{'eventsTopic':'ev','groupId':'payments-service'}"));
    assertEquals("$.kafka.groupId", e.field());
    assertEquals("payments-service", e.value());
    assertTrue(e.rule().startsWith("is chosen by the service"), e.rule());

    MonitorSpec stored =
        parser.parseStored(minimal("kafka", "{'eventsTopic':'ev','groupId':'payments-service'}"));
    assertEquals(
        new MonitorSpec.KafkaSource("ev", null, "ev.dead-letter", "vernier.alerts"),
        stored.kafka());
    assertEquals(
        "vernier-monitor-mon-1234", dev.vernier.monitor.ingest.KafkaIngestor.groupId("mon-1234"));
  }

  /**
   * A spec stored before durations had a bound still parses, with each over-long duration taken as
   * the bound, and the arithmetic on it (window, label horizon, cool-down) cannot overflow.
   */
  @Test
  void aDurationOverTheBoundStoredEarlierIsTakenAsTheBound() {
    ObjectNode spec =
        minimal("window", "{'size':'PT2562047788015215H','allowedLateness':'PT2562047788015215H'}");
    spec.put("labelHorizon", "PT2562047788016H");
    spec.set(
        "retraining",
        dev.vernier.core.json.Json.MAPPER
            .createObjectNode()
            .put("enabled", false)
            .put("cooldown", "PT2562047788016H"));
    MonitorSpec stored = parser.parseStored(spec);
    long max = MonitorSpecParser.MAX_DURATION.toMillis();
    assertEquals(max, stored.window().size());
    assertEquals(max, stored.window().allowedLatenessMillis());
    assertEquals(MonitorSpecParser.MAX_DURATION, stored.labelHorizon());
    assertEquals(MonitorSpecParser.MAX_DURATION, stored.retraining().cooldown());
    java.time.Duration huge = java.time.Duration.ofHours(2562047788016L);
    assertEquals(max, MonitorSpecParser.boundedMillis(huge));
    assertEquals(
        5 - max,
        dev.vernier.monitor.label.LabelJoinRules.expiryCutoff(
                List.of(
                    new dev.vernier.monitor.event.InferenceEvent(
                        "a", 5, new float[0], new int[0], 0)),
                huge)
            .getAsLong());
    assertEquals(max, WindowSpec.time(huge, huge).size());
    assertEquals(max, WindowSpec.time(huge, huge).allowedLatenessMillis());
  }

  /**
   * The maximum future skew: one hour unless the window says otherwise, for time and count windows
   * alike, and the bound for a stored spec that gave more.
   */
  @Test
  void maxFutureSkewDefaultsToAnHourAndIsBoundedLikeTheOtherDurations() {
    long hour = Duration.ofHours(1).toMillis();
    assertEquals(hour, parser.parse(minimal(null, null)).window().maxFutureSkewMillis());
    assertEquals(
        hour, parser.parse(minimal("window", "{'size':'PT1M'}")).window().maxFutureSkewMillis());
    assertEquals(
        300_000,
        parser
            .parse(minimal("window", "{'size':'PT1M','maxFutureSkew':'PT5M'}"))
            .window()
            .maxFutureSkewMillis());
    assertEquals(
        0,
        parser
            .parse(minimal("window", "{'events':10,'maxFutureSkew':0}"))
            .window()
            .maxFutureSkewMillis(),
        "count windows take it too; zero refuses any event ahead of the clock");
    assertEquals(
        MonitorSpecParser.MAX_DURATION.toMillis(),
        parser
            .parseStored(minimal("window", "{'size':'PT1M','maxFutureSkew':'PT2562047788015215H'}"))
            .window()
            .maxFutureSkewMillis());
  }
}
