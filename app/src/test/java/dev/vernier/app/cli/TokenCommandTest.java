package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.security.Role;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.tuner.storage.sql.Database;
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
    assertTrue(token.startsWith("vrn_w_"), token);
    r = run("token", "list", "--data", data);
    assertTrue(r[1].contains("worker") && r[1].contains("gpu box"), r[1]);
    assertTrue(!r[1].contains(token), "the list never shows a token");
    String id = r[1].split("\\s+")[0];
    try (Database db = Database.sqlite(dir.resolve("state/vernier.db"))) {
      SqlTokenStore store = new SqlTokenStore(db.dataSource(), db.dialect());
      assertEquals(Role.WORKER, store.authenticate(token).orElseThrow().role());
      assertTrue(store.authenticate(token + "x").isEmpty());
    }
    r = run("token", "revoke", id, "--data", data);
    assertEquals("0", r[0], r[2]);
    try (Database db = Database.sqlite(dir.resolve("state/vernier.db"))) {
      assertTrue(new SqlTokenStore(db.dataSource(), db.dialect()).authenticate(token).isEmpty());
    }
    r = run("token", "create", "--role", "root", "--data", data);
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--role") && r[2].contains("admin, submitter, worker, reader"), r[2]);
  }
}
