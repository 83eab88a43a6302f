package dev.vernier.tuner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.platform.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the durability SQLite gives is a choice. NORMAL (the default, 1) survives a killed
 * process; FULL (2) syncs every commit and survives a power loss. WAL either way.
 */
class SqliteDurabilityTest {
  @TempDir Path dir;

  static String pragma(Database db, String name) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        ResultSet r = c.createStatement().executeQuery("PRAGMA " + name)) {
      r.next();
      return r.getString(1);
    }
  }

  @Test
  void normalByDefaultAndFullOnRequest() throws Exception {
    Database normal = Database.sqlite(dir.resolve("normal.db"));
    try {
      assertEquals("1", pragma(normal, "synchronous"));
      assertEquals("wal", pragma(normal, "journal_mode"));
    } finally {
      normal.close();
    }
    Database full = Database.sqlite(dir.resolve("full.db"), true);
    try {
      assertEquals("2", pragma(full, "synchronous"));
      assertEquals("wal", pragma(full, "journal_mode"));
    } finally {
      full.close();
    }
  }
}
