package dev.vernier.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.platform.db.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A service and its workers as real processes for fault tests: {@code vernier serve} with a
 * 1-second heartbeat (leases last 3 s) and {@code vernier worker}s, each a JVM a test may kill with
 * SIGKILL. Every process writes to one log, shown when a wait times out. {@link #close} kills what
 * is still running.
 */
final class FleetFixture implements AutoCloseable {
  final Path dir;
  final Path data;
  final Path state;
  final Path log;
  final String token;
  final int port = freePort();
  final List<Process> processes = new ArrayList<>();

  FleetFixture(Path dir) throws Exception {
    this.dir = dir;
    data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 2000, 1);
    TestData.csv(data, "val.csv", 400, 2);
    state = dir.resolve("state");
    log = dir.resolve("processes.log");
    try (Database db = Database.sqlite(state.resolve("vernier.db"))) {
      SqlTokenStore tokens =
          new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC());
      tokens.create(Role.ADMIN, "bootstrap", 0); // so the service prints none
      token = tokens.create(Role.ADMIN, "test", 0);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** An executable shell script in the test folder. */
  Path script(String name, String body) throws IOException {
    Path s = dir.resolve(name);
    Files.writeString(s, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
    return s;
  }

  /**
   * {@code vernier serve} with {@code slots} in-process slots and a 1 s heartbeat; waits for it.
   */
  ApiClient serve(int slots, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--port",
                String.valueOf(port),
                "--data",
                state.toString(),
                "--data-root",
                data.toString(),
                "--slots",
                String.valueOf(slots),
                "--backend",
                "java",
                "--threads-per-slot",
                "1",
                "--heartbeat-seconds",
                "1"));
    args.addAll(List.of(more));
    processes.add(Processes.vernier(log, args.toArray(String[]::new)));
    ApiClient api = new ApiClient(url(), token);
    for (int i = 0; i < 300; i++) {
      try {
        api.get("/api/v1/tuning-jobs");
        return api;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the service did not start; log:\n" + Files.readString(log));
  }

  /** A {@code vernier worker} process named {@code name}, one slot, with extra arguments. */
  Process worker(String name, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "worker",
                "--server",
                url(),
                "--token",
                token,
                "--name",
                name,
                "--backend",
                "java",
                "--threads-per-slot",
                "1",
                "--work-dir",
                dir.resolve("work-" + name).toString()));
    args.addAll(List.of(more));
    Process p = Processes.vernier(log, args.toArray(String[]::new));
    processes.add(p);
    return p;
  }

  /** Polls the job every 50 ms until {@code done}; fails with the job and the log after a while. */
  JsonNode waitFor(ApiClient api, String id, Predicate<JsonNode> done, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode j = null;
    while (System.nanoTime() < deadline) {
      j = api.get("/api/v1/tuning-jobs/" + id).body();
      if (done.test(j)) {
        return j;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "timed out waiting on " + id + ": " + j + "\nlog:\n" + Files.readString(log));
  }

  /** Trial {@code number} of job {@code id}, as {@code GET .../trials/{n}} shows it. */
  static JsonNode trial(ApiClient api, String id, int number) throws IOException {
    return api.get("/api/v1/tuning-jobs/" + id + "/trials/" + number).body();
  }

  static JsonNode trials(ApiClient api, String id) throws IOException {
    return api.get("/api/v1/tuning-jobs/" + id + "/trials").body().path("trials");
  }

  /** How many lines of the log match {@code regex} (the whole line). */
  long logLines(String regex) throws IOException {
    return Files.readString(log).lines().filter(l -> l.matches(regex)).count();
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      if (p.isAlive()) {
        Processes.kill9(p);
      }
    }
  }
}
