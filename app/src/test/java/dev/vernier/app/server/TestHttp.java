package dev.vernier.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP calls the app's tests make against an in-process server, written once. */
public final class TestHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestHttp() {}

  /**
   * {@code method path} on {@code server} with a JSON {@code body} (null: none) and a bearer {@code
   * token} (null: none); 30 s at most.
   */
  public static HttpResponse<String> json(
      VernierServer server, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The tuning job's document once it is COMPLETED, FAILED or STOPPED (120 s at most). */
  public static JsonNode waitForEnd(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode j = api.get("/api/v1/tuning-jobs/" + id).body();
      String st = j.path("state").asText();
      if (st.equals("COMPLETED") || st.equals("FAILED") || st.equals("STOPPED")) {
        return j;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not end in 120 s");
  }
}
