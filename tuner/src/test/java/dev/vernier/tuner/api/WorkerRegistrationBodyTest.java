package dev.vernier.tuner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.fleet.WorkerNames;
import dev.vernier.core.json.Json;
import dev.vernier.platform.db.Database;
import dev.vernier.tuner.service.ArtifactStore;
import dev.vernier.tuner.service.FleetService;
import dev.vernier.tuner.service.Scheduler;
import dev.vernier.tuner.service.TunerMetrics;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.storage.sql.TunerSchema;
import dev.vernier.tuner.strategy.StrategyRegistry;
import io.micronaut.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/fleet/workers} checks the name by {@link WorkerNames}, the one rule the
 * service and {@code vernier worker --name} use: the controller had its own pattern and words
 * ("must be 1-64 letters, digits, dots, dashes or underscores", which let {@code .hidden} and
 * {@code ..} through to the service), so one bad name got two different messages. Every refusal
 * names the field {@code name} (a 400 problem over REST) and registers nothing.
 */
class WorkerRegistrationBodyTest {
  private static final AlgorithmCatalog NONE =
      new AlgorithmCatalog() {
        @Override
        public Optional<AlgorithmSpec> find(String name) {
          return Optional.empty();
        }

        @Override
        public Collection<String> names() {
          return List.of();
        }
      };

  @TempDir Path dir;

  private static String body(String name) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("slots", 1).put("bootId", "boot");
    o.put("name", name);
    return o.toString();
  }

  @Test
  void badNamesAreRefusedByTheWorkerNameRuleAndNothingIsRegistered() throws Exception {
    try (Database db = TunerSchema.migrate(Database.sqlite(dir.resolve("vernier.db")))) {
      SqlFleetStore fleet = new SqlFleetStore(db, 3);
      FleetController controller = new FleetController(service(db, fleet));
      for (String bad :
          new String[] {"a/b", "w\u0000", "w".repeat(65), "-rf", ".hidden", "..", "a b"}) {
        InvalidInputException e =
            assertThrows(
                InvalidInputException.class,
                () -> controller.register(body(bad), HttpRequest.POST("/workers", body(bad))),
                bad);
        assertEquals("name", e.field(), e.getMessage());
        assertEquals(WorkerNames.RULE, e.rule(), bad);
        assertTrue(fleet.worker(bad).isEmpty(), bad + " was registered");
      }
      ObjectNode ok =
          controller.register(body("gpu-1.lab"), HttpRequest.POST("/workers", body("gpu-1.lab")));
      assertEquals("gpu-1.lab", ok.get("workerId").asText());
      assertTrue(fleet.worker("gpu-1.lab").isPresent());
    }
  }

  @Test
  void aMissingNameIsRequired() throws Exception {
    try (Database db = TunerSchema.migrate(Database.sqlite(dir.resolve("vernier.db")))) {
      FleetController controller = new FleetController(service(db, new SqlFleetStore(db, 3)));
      String body = "{\"slots\": 1, \"bootId\": \"boot\"}";
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> controller.register(body, HttpRequest.POST("/workers", body)));
      assertEquals("name", e.field(), e.getMessage());
    }
  }

  private FleetService service(Database db, SqlFleetStore fleet) throws Exception {
    SqlJobStore jobs = new SqlJobStore(db);
    SqlTrialStore trials = new SqlTrialStore(db);
    StrategyRegistry strategies = StrategyRegistry.load();
    Clock clock = Clock.systemUTC();
    return new FleetService(
        jobs,
        trials,
        fleet,
        new Scheduler(jobs, trials, fleet, strategies, NONE, clock, TunerMetrics.NONE),
        strategies,
        StopperRegistry.load(),
        new ArtifactStore(dir.resolve("artifacts")),
        clock,
        Duration.ofSeconds(10),
        1 << 20,
        TunerMetrics.NONE,
        new DataRoots(List.of(dir)));
  }
}
