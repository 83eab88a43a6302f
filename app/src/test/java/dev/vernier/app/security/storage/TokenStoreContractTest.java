package dev.vernier.app.security.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.security.Role;
import dev.vernier.app.security.TokenStore;
import dev.vernier.platform.db.Database;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TokenStore} contract on a real database; one subclass per dialect (SQLite, PostgreSQL)
 * supplies a fresh, empty database.
 */
abstract class TokenStoreContractTest {
  Database db;
  TokenStore store;

  /** A fresh, empty database, not migrated. */
  abstract Database open() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    db = open();
    store = new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  @Test
  void aCreatedTokenAuthenticatesWithItsRole() {
    assertTrue(store.isEmpty());
    String t = store.create(Role.SUBMITTER, "ci", 1_000L);
    assertFalse(store.isEmpty());
    assertTrue(t.startsWith("vrn_s_"), t);
    TokenStore.TokenInfo i = store.authenticate(t).orElseThrow();
    assertEquals(Role.SUBMITTER, i.role());
    assertEquals("ci", i.description());
    assertEquals(1_000L, i.createdAt());
    assertNull(i.revokedAt());
    assertTrue(store.authenticate(t + "x").isEmpty());
    assertNotEquals(t, store.create(Role.SUBMITTER, "ci", 1_000L), "tokens are random");
  }

  @Test
  void listShowsIdsAndRolesNeverTokens() {
    String a = store.create(Role.ADMIN, "first", 1L);
    String w = store.create(Role.WORKER, "gpu box", 2L);
    List<TokenStore.TokenInfo> all = store.list();
    assertEquals(2, all.size());
    assertEquals(
        List.of(Role.ADMIN, Role.WORKER), all.stream().map(TokenStore.TokenInfo::role).toList());
    for (TokenStore.TokenInfo i : all) {
      assertFalse(a.contains(i.id()) || w.contains(i.id()), "an id is not part of a token");
    }
  }

  @Test
  void aRevokedTokenIsRefusedAndStaysListed() {
    String t = store.create(Role.READER, "", 5L);
    String id = store.authenticate(t).orElseThrow().id();
    assertFalse(store.revoke("no-such-id", 6L));
    assertTrue(store.revoke(id, 7L));
    assertFalse(store.revoke(id, 8L), "a token is revoked once");
    assertTrue(store.authenticate(t).isEmpty());
    TokenStore.TokenInfo listed = store.list().get(0);
    assertEquals(7L, listed.revokedAt());
  }

  @Test
  void reopeningMigratesNothingAndKeepsTokens() {
    String t = store.create(Role.WORKER, "", 1L);
    TokenStore again =
        new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC());
    assertEquals(Role.WORKER, again.authenticate(t).orElseThrow().role());
  }
}
