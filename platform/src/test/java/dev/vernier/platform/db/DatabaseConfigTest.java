package dev.vernier.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** URLs are checked by scheme and shape; passwords never reach a message or toString. */
class DatabaseConfigTest {
  @Test
  void sqliteAndPostgresUrlsAreAccepted() {
    DatabaseConfig s = DatabaseConfig.parse("--database", "jdbc:sqlite:/tmp/x/v.db", null, null);
    assertTrue(s.isSqlite());
    assertEquals(Path.of("/tmp/x/v.db"), s.sqliteFile());
    DatabaseConfig p =
        DatabaseConfig.parse(
            "--database", "jdbc:postgresql://db:5432/vernier?sslmode=require", "vernier", "s3cr3t");
    assertFalse(p.isSqlite());
    assertEquals("vernier", p.user());
    assertEquals("s3cr3t", p.password());
    assertFalse(p.toString().contains("s3cr3t"), p.toString());
    assertEquals("jdbc:postgresql://db:5432/vernier?sslmode=require as vernier", p.toString());
  }

  @Test
  void badUrlsNameTheFieldTheRuleAndTheRedactedValue() {
    String[][] cases = {
      {"jdbc:mysql://db/vernier", "must start with jdbc:sqlite: (a file) or jdbc:postgresql://"},
      {"postgres://u:hunter2@db/vernier", "must start with jdbc:sqlite:"},
      {"jdbc:postgresql://db:5432/", "jdbc:postgresql://HOST[:PORT]/DATABASE"},
      {"jdbc:postgresql://u:hunter2@db/vernier", "must not carry a user or password"},
      {"jdbc:postgresql://db/vernier?user=u&password=hunter2", "must not carry a user or password"},
      // the driver takes user= over --database-user: a superuser could log in as another user
      {"jdbc:postgresql://db/vernier?user=postgres", "must not carry a user or password"},
      {"jdbc:postgresql://db/vernier?ssl=true&USER=postgres", "must not carry a user or password"},
      {"jdbc:postgresql://db/vernier?sslpassword=hunter2", "must not carry a user or password"},
      {"jdbc:sqlite:", "jdbc:sqlite:FILE"},
      {"jdbc:sqlite::memory:", "jdbc:sqlite:FILE"},
      {"jdbc:sqlite:/tmp/v.db?journal_mode=DELETE", "jdbc:sqlite:FILE"},
    };
    for (String[] c : cases) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> DatabaseConfig.parse("--database", c[0], null, null),
              c[0]);
      String m = e.getMessage();
      assertTrue(m.contains("--database") && m.contains(c[1]), m);
      assertFalse(m.contains("hunter2"), m);
    }
  }

  @Test
  void redactionHidesUserinfoPasswordsAndPasswordParameters() {
    assertEquals(
        "jdbc:postgresql://u:***@db/v?ssl=true&password=***&x=1",
        DatabaseConfig.redact("jdbc:postgresql://u:pw@db/v?ssl=true&password=pw&x=1"));
    assertEquals("jdbc:postgresql://db/v", DatabaseConfig.redact("jdbc:postgresql://db/v"));
    assertEquals(
        "jdbc:postgresql://db/v?sslmode=verify-full&sslpassword=***",
        DatabaseConfig.redact("jdbc:postgresql://db/v?sslmode=verify-full&sslpassword=keypw"));
  }
}
