package dev.vernier.app.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.security.Role;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One in-process service per test class for the monitor's tests, over real HTTP on a real SQLite
 * file in a temporary folder, with a data root holding a 1,000-row {@code train.csv} and a token
 * for the administrator, a submitter and a reader; with the helpers its tests share: HTTP requests
 * and a generator of inference events (a linear model's, optionally shifted to drift).
 */
abstract class MonitorFixture {
  @TempDir static Path dir;
  static VernierServer server;
  static String admin;
  static String submitter;
  static String reader;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 1000, 1);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0),
            Clock.systemUTC(),
            new PrintStream(new java.io.ByteArrayOutputStream()));
    admin = server.firstAdminToken();
    long now = System.currentTimeMillis();
    submitter = server.tokens().create(Role.SUBMITTER, "test", now);
    reader = server.tokens().create(Role.READER, "test", now);
  }

  @AfterAll
  static void stop() {
    // the fields are shared by every subclass: cleared, a later class that fails to start closes
    // nothing twice
    if (server != null) {
      server.close();
      server = null;
    }
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return TestHttp.json(server, method, path, token, body);
  }

  static String events(int from, int n, double shift) {
    SplittableRandom r = new SplittableRandom(from);
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      int y = r.nextInt(2);
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"model\":\"lin\",\"inferenceId\":\"i%d\",\"eventTime\":%d,\"features\":[",
              i,
              1_000 + i));
      for (int j = 0; j < 4; j++) {
        sb.append(j > 0 ? "," : "")
            .append(
                String.format(
                    Locale.ROOT, "%.4f", (y == 0 ? -1 : 1) + 1.5 * r.nextGaussian() + shift));
      }
      sb.append("],\"prediction\":").append(y).append("}\n");
    }
    return sb.toString();
  }
}
