package dev.vernier.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The three ways a real PostgreSQL cannot be used, told apart by SQLState through Hikari. */
class ConnectFailureTest {
  private static ConnectFailure failureOpening(String url, String user, String password) {
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> Database.postgres(url, user, password, 1));
    return ConnectFailure.of(e).orElseThrow(() -> new AssertionError("not classified", e));
  }

  @Test
  void unreachableUnknownDatabaseAndRefusedPasswordAreToldApart() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    assertEquals(
        ConnectFailure.UNREACHABLE,
        failureOpening("jdbc:postgresql://127.0.0.1:" + port + "/x", "vernier", ""));
    assertTrue(System.nanoTime() - t0 < 12_000_000_000L, "a refused port fails fast");

    PostgresServer pg = PostgresServer.shared();
    assertEquals(
        ConnectFailure.NO_DATABASE,
        failureOpening("jdbc:postgresql://127.0.0.1:" + pg.port() + "/nope", pg.user(), ""));

    String user = pg.userWithPassword("s3cret");
    String url = pg.newDatabase(user);
    assertEquals(ConnectFailure.AUTHENTICATION, failureOpening(url, user, "wrong"));
    assertEquals(ConnectFailure.AUTHENTICATION, failureOpening(url, user, null));
    try (Database db = Database.postgres(url, user, "s3cret", 1)) {
      assertEquals(1, ((Number) db.dsl().fetchValue("select 1")).intValue());
    }
    assertEquals(Optional.empty(), ConnectFailure.of(new IllegalStateException("other")));
  }
}
