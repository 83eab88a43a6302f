package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vernier serve --embedded-kafka} on a real process, stopped the way Ctrl-C stops it and
 * started again on the same {@code --data}: the broker comes back with the topic made before.
 */
class EmbeddedKafkaServeTest {
  private static final Pattern BROKER = Pattern.compile("embedded Kafka broker at (\\S+)");

  @TempDir Path dir;
  Process server;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null && server.isAlive()) {
      Processes.kill9(server);
    }
  }

  @Test
  @Timeout(300)
  void startsTwiceOnTheSameDataFolder() throws Exception {
    Path data = dir.resolve("state");
    String bootstrap = serve(data, dir.resolve("first.log"));
    // the first start prints the admin token once, and the dashboard's link logging in with it
    String first = Files.readString(dir.resolve("first.log"));
    Matcher token = Pattern.compile("\n  (vrn_\\S+)\n").matcher(first);
    assertTrue(token.find(), first);
    assertTrue(
        Pattern.compile(
                "Dashboard: http://127\\.0\\.0\\.1:\\d+/#token="
                    + Pattern.quote(token.group(1))
                    + "\n")
            .matcher(first)
            .find(),
        first);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    stop();

    bootstrap = serve(data, dir.resolve("second.log"));
    // later starts print no token: the link is the bare address
    String second = Files.readString(dir.resolve("second.log"));
    assertTrue(
        Pattern.compile("Dashboard: http://127\\.0\\.0\\.1:\\d+/\n").matcher(second).find(),
        second);
    assertTrue(!second.contains("#token="), second);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      assertTrue(
          admin.listTopics().names().get(60, TimeUnit.SECONDS).contains("kept"),
          Files.readString(dir.resolve("second.log")));
    }
    stop();
  }

  /** Starts serve and returns its broker's bootstrap servers once the service is up. */
  String serve(Path data, Path log) throws Exception {
    server =
        Processes.vernier(
            log,
            "serve",
            "--embedded-kafka",
            "--port",
            "0",
            "--data",
            data.toString(),
            "--data-root",
            dir.toString(),
            "--slots",
            "0");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < until) {
      String out = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = BROKER.matcher(out);
      if (out.contains("vernier serving") && out.contains("Dashboard: ") && m.find()) {
        return m.group(1);
      }
      if (!server.isAlive()) {
        throw new AssertionError("serve exited " + server.exitValue() + "; log:\n" + out);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("serve did not start; log:\n" + Files.readString(log));
  }

  /** SIGTERM, as Ctrl-C: the shutdown hook stops the service and the broker. */
  void stop() throws Exception {
    server.destroy();
    assertTrue(server.waitFor(120, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
    assertEquals(143, server.exitValue(), "exit status of a process ended by SIGTERM");
  }
}
