package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.security.Role;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.platform.db.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens are created, listed without their secret, authenticated by hash and revoked. */
class TokenCommandTest {
  @TempDir Path dir;

  String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VernierCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
    return new String[] {String.valueOf(code), out.toString().strip(), err.toString()};
  }

  @Test
  void createListAuthenticateRevoke() {
    String data = dir.resolve("state").toString();
    String[] r =
        run("token", "create", "--role", "worker", "--description", "gpu box", "--data", data);
    assertEquals("0", r[0], r[2]);
    String token = r[1];
    assertTrue(
        r[2].contains("created the database and wrote a worker token to ")
            && r[2].contains(dir.resolve("state/vernier.db").toAbsolutePath().toString()),
        "standard error names the database: " + r[2]);
    assertTrue(token.startsWith("vrn_w_"), token);
    r = run("token", "list", "--data", data);
    assertTrue(r[1].contains("worker") && r[1].contains("gpu box"), r[1]);
    assertTrue(!r[1].contains(token), "the list never shows a token");
    String id = r[1].split("\\s+")[0];
    try (Database db = Database.sqlite(dir.resolve("state/vernier.db"))) {
      SqlTokenStore store =
          new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC());
      assertEquals(Role.WORKER, store.authenticate(token).orElseThrow().role());
      assertTrue(store.authenticate(token + "x").isEmpty());
    }
    r = run("token", "revoke", id, "--data", data);
    assertEquals("0", r[0], r[2]);
    try (Database db = Database.sqlite(dir.resolve("state/vernier.db"))) {
      assertTrue(
          new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC())
              .authenticate(token)
              .isEmpty());
    }
    r = run("token", "create", "--role", "reader", "--data", data, "--output", "json");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("\"token\" : \"vrn_r_"), r[1]);
    assertTrue(
        r[2].contains(
            "wrote a reader token to " + dir.resolve("state/vernier.db").toAbsolutePath()),
        r[2]);
    r = run("token", "create", "--role", "root", "--data", data);
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--role") && r[2].contains("admin, submitter, worker, reader"), r[2]);
  }

  /** A mistyped --data is refused by list and revoke; it used to create an empty database. */
  @Test
  void listAndRevokeRefuseAFolderWithoutADatabase() {
    Path typo = dir.resolve("stat");
    for (String[] args :
        new String[][] {
          {"token", "list", "--data", typo.toString()},
          {"token", "revoke", "some-id", "--data", typo.toString()}
        }) {
      String[] r = run(args);
      assertEquals("2", r[0], r[2]);
      assertTrue(r[2].contains("--data") && r[2].contains("holds no Vernier database"), r[2]);
      assertTrue(!java.nio.file.Files.exists(typo), "nothing is created at " + typo);
    }
  }

  /**
   * A description is printed in listings: newlines, escape sequences and bidirectional controls
   * would forge rows or repaint the terminal, so they are refused, as are very long ones.
   */
  @Test
  void descriptionsMustBePrintableAndShort() {
    String data = dir.resolve("state").toString();
    for (String bad :
        new String[] {"line1\nline2", "x\u001b[31mred", "abc\u202Eevil", "d".repeat(201)}) {
      String[] r = run("token", "create", "--role", "reader", "--description", bad, "--data", data);
      assertEquals("2", r[0], r[2]);
      assertTrue(r[2].contains("--description"), r[2]);
    }
    assertEquals(
        "0",
        run("token", "create", "--role", "reader", "--description", "é ü 日本", "--data", data)[0]);
    // one stored before the check is shown escaped
    try (Database db = Database.sqlite(dir.resolve("state/vernier.db"))) {
      db.dsl()
          .execute(
              "UPDATE api_token SET description = 'a' || char(10) || 'b' || char(27) || '[0m'");
    }
    String[] r = run("token", "list", "--data", data);
    assertTrue(r[1].contains("a\\u000Ab\\u001B[0m") && !r[1].contains("\n" + "b"), r[1]);
  }

  @Test
  void createUsesServesDefaultFolderAndSaysSo() {
    picocli.CommandLine cl = new picocli.CommandLine(new VernierCommand());
    String serve =
        cl.getSubcommands().get("serve").getCommandSpec().findOption("--data").defaultValue();
    picocli.CommandLine token = cl.getSubcommands().get("token");
    for (String sub : new String[] {"create", "list", "revoke"}) {
      assertEquals(
          serve,
          token.getSubcommands().get(sub).getCommandSpec().findOption("--data").defaultValue(),
          "token " + sub + " reads serve's state directory");
    }
    // the help's lines wrap where the option table puts them
    String help = run("token", "create", "--help")[1].replaceAll("\\s+", " ");
    assertTrue(help.contains("default: vernier-data, as for serve"), help);
  }

  @Test
  void createWithoutDataWritesToServesDefaultAndNamesTheDatabase() throws Exception {
    // a JVM of its own, in a folder of the test's, so that the default folder is relative to it
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.vernier.app.Main",
                "token",
                "create",
                "--role",
                "reader")
            .directory(dir.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    assertEquals(0, p.waitFor(), err);
    assertTrue(out.strip().startsWith("vrn_r_"), out);
    Path db = dir.toRealPath().resolve("vernier-data/vernier.db");
    assertTrue(java.nio.file.Files.isRegularFile(db), "the token went to serve's default folder");
    assertTrue(
        err.contains("created the database and wrote a reader token to")
            && err.contains("vernier-data/vernier.db")
            && err.contains("the default --data vernier-data, as for `vernier serve`"),
        err);
  }
}
