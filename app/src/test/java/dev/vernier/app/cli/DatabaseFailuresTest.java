package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.platform.db.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `vernier serve` and `vernier token` say when a real PostgreSQL cannot be used: one line
 * naming --database, what failed and what to do, never the password, within the connect timeout;
 * exit 1 when nothing answers (the environment), 2 for a refused password or an unknown database
 * (the command line).
 */
class DatabaseFailuresTest {
  private static final String RIGHT = "right-Secret-4711";
  private static final String WRONG = "wrong-Secret-0815";
  private static final Duration QUICK = Duration.ofSeconds(15);

  @TempDir Path dir;

  record Outcome(int code, String err, Duration took) {}

  private Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int code =
        VernierCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new Outcome(
        code, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8), took);
  }

  /** Both commands that open the database, with these database options. */
  private List<Outcome> serveAndToken(String... dbOptions) throws IOException {
    Path data = Files.createTempDirectory(dir, "data");
    List<Outcome> out = new ArrayList<>();
    List<String> serve =
        new ArrayList<>(List.of("serve", "--data", data.toString(), "--port", "0"));
    serve.addAll(List.of(dbOptions));
    out.add(run(serve.toArray(String[]::new)));
    List<String> token =
        new ArrayList<>(List.of("token", "create", "--role", "reader", "--data", data.toString()));
    token.addAll(List.of(dbOptions));
    out.add(run(token.toArray(String[]::new)));
    List<String> list = new ArrayList<>(List.of("token", "list", "--data", data.toString()));
    list.addAll(List.of(dbOptions));
    out.add(run(list.toArray(String[]::new)));
    return out;
  }

  private static void assertOneLine(Outcome o, int code, String what, String url) {
    assertEquals(code, o.code(), o.err());
    String[] lines = o.err().strip().split("\n");
    assertEquals(1, lines.length, o.err());
    assertTrue(lines[0].contains("--database"), o.err());
    assertTrue(lines[0].contains(url), o.err());
    assertTrue(lines[0].contains(what), o.err());
    assertFalse(o.err().contains(RIGHT) || o.err().contains(WRONG), o.err());
    assertFalse(o.err().contains("Exception"), o.err());
    assertTrue(o.took().compareTo(QUICK) < 0, "took " + o.took());
  }

  private Path passwordFile(String password) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "pw", ""), password + "\n");
  }

  @Test
  void aPortNobodyListensOnIsExit1Quickly() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/vernier";
    for (Outcome o :
        serveAndToken(
            "--database",
            url,
            "--database-user",
            "vernier",
            "--database-password-file",
            passwordFile(WRONG).toString())) {
      // refused at once: the message does not claim it waited 10 s
      assertOneLine(o, 1, "cannot connect to the server (", url);
      assertTrue(o.err().contains("given up after 10 s"), o.err());
      assertTrue(o.err().startsWith("failed: "), o.err());
      assertTrue(o.err().contains("is PostgreSQL running"), o.err());
    }
  }

  @Test
  void aDatabaseTheServerDoesNotHaveIsExit2() throws IOException {
    PostgresServer pg = PostgresServer.shared();
    String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/no_such_db";
    for (Outcome o : serveAndToken("--database", url, "--database-user", pg.user())) {
      assertOneLine(o, 2, "names a database the server does not have", url);
      assertTrue(o.err().contains("no_such_db"), o.err());
      assertTrue(o.err().startsWith("error: --database: "), o.err());
    }
  }

  @Test
  void aWrongOrMissingPasswordIsExit2AndNeverShown() throws IOException {
    PostgresServer pg = PostgresServer.shared();
    String user = pg.userWithPassword(RIGHT);
    String url = pg.newDatabase(user);
    for (Outcome o :
        serveAndToken(
            "--database",
            url,
            "--database-user",
            user,
            "--database-password-file",
            passwordFile(WRONG).toString())) {
      assertOneLine(o, 2, "the server refused the user '" + user + "' or its password", url);
      assertTrue(o.err().contains("--database-password-file"), o.err());
    }
    // no password at all (the environment of this test has none): the same refusal, saying so
    Outcome none = run("token", "list", "--database", url, "--database-user", user);
    if (System.getenv(DatabaseOptions.PASSWORD_ENV) == null) {
      assertOneLine(none, 2, "(none was given)", url);
    }
    // the right password opens the same database: it was the password that was refused
    Outcome right =
        run(
            "token",
            "create",
            "--role",
            "reader",
            "--database",
            url,
            "--database-user",
            user,
            "--database-password-file",
            passwordFile(RIGHT).toString());
    assertEquals(0, right.code(), right.err());
  }

  @Test
  void sqliteSyncWithPostgresIsExit2NamingIt() throws IOException {
    PostgresServer pg = PostgresServer.shared();
    String url = pg.newDatabase();
    Outcome o =
        run(
            "serve",
            "--data",
            dir.toString(),
            "--port",
            "0",
            "--database",
            url,
            "--database-user",
            pg.user(),
            "--sqlite-sync",
            "full");
    assertEquals(2, o.code(), o.err());
    assertTrue(
        o.err().strip().startsWith("error: --sqlite-sync: applies to a SQLite --database only"),
        o.err());
    assertTrue(o.err().contains("got 'full'"), o.err());
  }
}
