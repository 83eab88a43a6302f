package dev.vernier.app.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.vernier.core.InvalidInputException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The token {@link ApiClient} sends: {@code VERNIER_TOKEN="$(cat tok)"$'\n'} failed every call with
 * "Illegal character(s) in message header value: Bearer vrn_a_...", the whole token printed.
 */
class ApiClientTokenTest {
  static final String TOKEN = "vrn_a_0123456789abcdef";

  @Test
  void surroundingWhitespaceIsTrimmedBeforeTheHeaderIsSent() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    HttpServer h = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    h.createContext(
        "/",
        x -> {
          seen.set(x.getRequestHeaders().getFirst("Authorization"));
          byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    h.start();
    try {
      new ApiClient("http://127.0.0.1:" + h.getAddress().getPort(), " \t" + TOKEN + "\r\n")
          .get("/api/v1/tuning-jobs");
      assertEquals("Bearer " + TOKEN, seen.get());
    } finally {
      h.stop(0);
    }
  }

  @Test
  void aControlCharacterInsideIsRefusedNamingTheOptionWithoutShowingTheToken() {
    for (String bad :
        List.of(TOKEN + "\nx", "vrn_a_\r\n0123456789abcdef", TOKEN + "\u0000", "vrn_\u001b_a")) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> new ApiClient(List.of("http://127.0.0.1:1"), bad, s -> {}));
      assertEquals("--token", e.field());
      assertEquals(null, e.value());
      assertFalse(e.getMessage().contains("0123456789"), e.getMessage());
      assertFalse(e.getMessage().contains("vrn_"), e.getMessage());
    }
    assertEquals(
        "--token: is required (or set VERNIER_TOKEN)",
        assertThrows(
                InvalidInputException.class,
                () -> new ApiClient(List.of("http://127.0.0.1:1"), " \n", s -> {}))
            .getMessage());
  }
}
