package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.db.DatabaseConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --database, --database-user and the password's two sources, as serve and token read them. */
class DatabaseOptionsTest {
  @TempDir Path dir;

  static DatabaseOptions options(String url, String user, Path passwordFile) {
    DatabaseOptions o = new DatabaseOptions();
    o.url = url;
    o.user = user;
    o.passwordFile = passwordFile;
    return o;
  }

  static final String PG = "jdbc:postgresql://db:5432/vernier";

  @Test
  void withoutOptionsTheStateIsTheSqliteFileInData() {
    DatabaseConfig d =
        options(null, null, null).config(dir, Map.of(DatabaseOptions.PASSWORD_ENV, "ignored"));
    assertTrue(d.isSqlite());
    assertEquals(dir.resolve("vernier.db").toAbsolutePath(), d.sqliteFile());
    assertNull(d.password());
  }

  @Test
  void thePasswordComesFromTheFileElseTheEnvironment() throws Exception {
    Path f = Files.writeString(dir.resolve("pw"), "from file \n");
    Map<String, String> env = Map.of(DatabaseOptions.PASSWORD_ENV, "from env");
    assertEquals("from file ", options(PG, "vernier", f).config(dir, env).password());
    assertEquals("from env", options(PG, "vernier", null).config(dir, env).password());
    assertNull(options(PG, "vernier", null).config(dir, Map.of()).password());
    DatabaseConfig d = options(PG, "vernier", f).config(dir, env);
    assertEquals(PG, d.url());
    assertEquals("vernier", d.user());
    assertFalse(d.toString().contains("from file"), d.toString());
  }

  @Test
  void badPasswordFilesAndSqliteWithAUserAreRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    String m =
        assertThrows(
                InvalidInputException.class, () -> options(PG, "v", empty).config(dir, Map.of()))
            .getMessage();
    assertTrue(m.contains("--database-password-file") && m.contains("empty"), m);
    m =
        assertThrows(
                InvalidInputException.class,
                () -> options(PG, "v", dir.resolve("missing")).config(dir, Map.of()))
            .getMessage();
    assertTrue(m.contains("--database-password-file") && m.contains("readable"), m);
    m =
        assertThrows(
                InvalidInputException.class, () -> options(null, "v", null).config(dir, Map.of()))
            .getMessage();
    assertTrue(m.contains("--database-user") && m.contains("jdbc:postgresql://"), m);
  }

  static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VernierCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void serveAndTokenExitTwoOnABadUrlAndNeverShowItsPassword() {
    String url = "jdbc:postgresql://db/vernier?user=v&password=hunter2";
    for (String[] args :
        new String[][] {
          {"serve", "--data", dir.toString(), "--database", url},
          {"token", "create", "--role", "admin", "--data", dir.toString(), "--database", url},
          {"token", "list", "--database", "jdbc:oracle:thin:@db:1521/v"},
          {"token", "revoke", "x", "--database", url}
        }) {
      String[] r = run(args);
      assertEquals("2", r[0], String.join(" ", args) + ": " + r[1] + r[2]);
      assertTrue(r[2].startsWith("error: --database"), r[2]);
      assertFalse(r[2].contains("hunter2"), r[2]);
    }
    assertFalse(Files.exists(dir.resolve("vernier.db")), "nothing was opened");
  }
}
