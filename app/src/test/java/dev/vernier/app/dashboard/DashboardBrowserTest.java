package dev.vernier.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real Chromium against a real {@code vernier serve} on SQLite, with a finished
 * tuning job and a monitor fed a drifting replay over HTTP. Screenshots of every page go to {@link
 * Browser#SCREENSHOTS}.
 */
class DashboardBrowserTest {
  @TempDir static Path dir;
  static VernierServer server;
  static String base;
  static String admin;
  static String submitter;
  static String reader;
  static String worker;
  static JsonNode job;
  static String monitorId;
  static Browser browser;
  static com.sun.net.httpserver.HttpServer receiver;
  static final java.util.concurrent.atomic.AtomicInteger posts =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    Replay.csv(data, "train.csv", 300, 1);
    Replay.csv(data, "val.csv", 100, 2);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 1),
            Clock.systemUTC(),
            new PrintStream(new java.io.ByteArrayOutputStream()));
    base = server.url().toString().replaceAll("/$", "");
    admin = server.firstAdminToken();
    long now = System.currentTimeMillis();
    submitter = server.tokens().create(Role.SUBMITTER, "browser test", now);
    reader = server.tokens().create(Role.READER, "browser test", now);
    worker = server.tokens().create(Role.WORKER, "browser test", now);
    ApiClient api = new ApiClient(base, submitter);
    api.post("/api/v1/tuning-jobs", Replay.job("finished-job", 5));
    job = Replay.waitForEnd(api, "finished-job");
    assertEquals("COMPLETED", job.path("state").asText(), job.toString());
    // a child warm-started from it (its page lists it)
    api.post(
        "/api/v1/tuning-jobs",
        Replay.job("child-job", 1)
            .replace(
                "\"type\": \"Minimize\"}", "\"type\": \"Minimize\", \"aggregation\": \"best\"}")
            .replace(
                "\"seed\": 5}",
                "\"seed\": 5, \"warmStart\": {\"parents\": [\"finished-job\"],"
                    + " \"type\": \"identical-data\"}}"));
    receiver = Replay.refusingFirstPost(posts);
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/T0KEN";
    new ApiClient(base, admin)
        .post(
            "/api/v1/webhooks",
            "{\"url\":\""
                + hook
                + "\",\"secret\":\"whsec-browser-test-0123456789\",\"allowPrivate\":true}");
    monitorId = Replay.driftingMonitor(api, hook);
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  /** Logs in from the form with a pasted token. */
  static void pasteToken(String token) {
    browser.open(base + "/");
    WebElement field = browser.visible("#login-token");
    field.sendKeys(token);
    browser.driver.findElement(By.cssSelector("#login-form button")).click();
  }

  @Test
  void aReaderLogsInWithAPastedTokenAndSeesTheHistoryWithoutAStopButton() throws Exception {
    pasteToken("vrn_a_wrong-token");
    WebElement reason = browser.visible("#login-reason");
    browser.until(d -> reason.getText().isBlank() ? null : true);
    assertTrue(reason.getText().contains("unknown or revoked"), reason.getText());
    assertFalse(browser.driver.findElement(By.id("nav")).isDisplayed(), "no pages before login");
    browser.screenshot("login-wrong-token");

    pasteToken(reader);
    browser.visible("#jobs-table tr[data-job='finished-job']");
    assertTrue(browser.driver.findElement(By.id("who")).getText().contains("reader"));
    assertTrue(
        browser.driver.findElements(By.id("new-job")).isEmpty(), "a reader gets no submit link");
    assertFalse(
        browser.driver.findElement(By.cssSelector("#nav a[data-page='submit']")).isDisplayed(),
        "a reader gets no submit page in the menu");
    browser.screenshot("jobs");
    // the state filter: none failed, then back to the completed ones
    new org.openqa.selenium.support.ui.Select(browser.visible("#state-filter"))
        .selectByValue("FAILED");
    assertTrue(browser.visible("#jobs p.empty").getText().contains("No job is FAILED"));
    new org.openqa.selenium.support.ui.Select(browser.visible("#state-filter"))
        .selectByValue("COMPLETED");
    browser.visible("#jobs-table tr[data-job='finished-job']");

    browser.driver.findElement(By.linkText("finished-job")).click();
    browser.visible("#trials-table tbody tr");
    int finished = 0;
    for (JsonNode t :
        new ApiClient(base, reader)
            .get("/api/v1/tuning-jobs/finished-job/trials")
            .body()
            .path("trials")) {
      if (!t.path("objective").isNull()) {
        finished++;
      }
    }
    assertEquals(5, finished, "every trial of the finished job has an objective");
    int n = finished;
    long points =
        browser.until(
            d -> {
              Object v =
                  browser.js(
                      "const c = echarts.getInstanceByDom(document.getElementById('history-chart'));"
                          + " return c ? c.getOption().series[0].data.length : null;");
              return v != null && ((Number) v).intValue() == n ? (Long) v : null;
            });
    assertEquals(n, points);
    // the best-so-far line has a point per finished trial too, and never gets worse
    @SuppressWarnings("unchecked")
    List<List<Number>> best =
        (List<List<Number>>)
            browser.js(
                "return echarts.getInstanceByDom(document.getElementById('history-chart'))"
                    + ".getOption().series[1].data;");
    assertEquals(n, best.size());
    for (int i = 1; i < best.size(); i++) {
      assertTrue(
          best.get(i).get(1).doubleValue() <= best.get(i - 1).get(1).doubleValue(),
          "the loss's best so far never rises: " + best);
    }
    assertTrue(browser.driver.findElements(By.id("stop-job")).isEmpty(), "no stop button");
    assertEquals("child-job", browser.visible("#children").getText());
    // the best trial's provenance as its worker reported it, with the download button
    String provenance = browser.visible("#best-provenance").getText();
    assertTrue(provenance.contains("linear-learner"), provenance);
    assertTrue(provenance.toLowerCase(java.util.Locale.ROOT).contains("sha256"), provenance);
    assertTrue(browser.visible("#download-model").isEnabled());
    // a learning curve per trial, a point per epoch
    @SuppressWarnings("unchecked")
    List<Number> curves =
        (List<Number>)
            browser.js(
                "return echarts.getInstanceByDom(document.getElementById('curves-chart'))"
                    + ".getOption().series.map(s => s.data.length);");
    assertEquals(List.of(3L, 3L, 3L, 3L, 3L), curves);
    // both parameters' importances, from the five completed trials
    Number bars =
        browser.until(
            d ->
                (Number)
                    browser.js(
                        "const c = echarts.getInstanceByDom("
                            + "document.getElementById('importance-chart'));"
                            + " const n = c ? c.getOption().series[0].data.length : 0;"
                            + " return n > 0 ? n : null;"));
    assertEquals(2, bars.intValue());
    assertEquals(5, browser.driver.findElements(By.cssSelector("#trials-table tbody tr")).size());
    browser.screenshot("job");
  }

  @Test
  void theTokenLinkLogsInAndTheTokenLeavesTheAddressBar() throws Exception {
    browser.open(base + "/");
    browser.visible("#login-token");
    browser.driver.get(server.dashboardLink());
    assertTrue(server.dashboardLink().contains("#token=" + admin), server.dashboardLink());
    browser.until(d -> browser.driver.findElement(By.id("who")).getText().contains("admin"));
    String href = (String) browser.js("return window.location.href;");
    assertFalse(href.contains(admin), href);
    assertFalse(href.contains("token"), href);
    assertEquals(admin, browser.js("return sessionStorage.getItem('vernier.token');"));
    browser.visible("#jobs-table");
  }

  @Test
  void aRoleThatMayNotReadSeesTheReasonInPlace() throws Exception {
    pasteToken(worker);
    WebElement error = browser.visible("#page-error");
    browser.until(d -> error.getText().contains("may not"));
    assertTrue(error.getText().contains("role worker may not GET"), error.getText());
    assertTrue(browser.driver.findElement(By.id("login")).getAttribute("hidden") != null);
  }

  @Test
  void aSubmitterSeesTheFieldErrorNextToTheFieldThenTheJobInTheList() throws Exception {
    pasteToken(submitter);
    browser.visible("#new-job").click();
    WebElement text = browser.visible("#job-json");
    String bad =
        Replay.job("submitted-job", 2)
            .replace("\"min\": 0.001, \"max\": 0.5", "\"min\": 0, \"max\": 0.5");
    browser.js("arguments[0].value = arguments[1];", text, bad);
    browser.driver.findElement(By.id("submit-job")).click();
    WebElement error = browser.visible("#job-json + #field-errors li");
    assertTrue(error.getAttribute("data-field").contains("learning_rate"), error.getText());
    assertTrue(error.getText().contains("MinValue > 0"), error.getText());
    assertTrue(text.getAttribute("class").contains("invalid"));
    browser.screenshot("submit-field-error");

    browser.js("arguments[0].value = arguments[1];", text, Replay.job("submitted-job", 2));
    browser.driver.findElement(By.id("submit-job")).click();
    browser.visible("#submit-result a").click();
    browser.visible("#history-chart");
    browser.driver.get(base + "/#/jobs");
    browser.visible("#jobs-table tr[data-job='submitted-job']");
    assertTrue(browser.driver.findElements(By.id("field-errors")).isEmpty());
  }

  @Test
  void theMonitorPageShowsTheDriftedFeaturesOfTheDriftedWindows() throws Exception {
    JsonNode windows =
        new ApiClient(base, reader)
            .get("/api/v1/monitors/" + monitorId + "/windows?limit=50")
            .body()
            .path("windows");
    Map<String, String> drifted = new java.util.TreeMap<>();
    for (JsonNode w : windows) {
      JsonNode d = w.path("result").path("drift");
      if (d.path("drifted").asBoolean()) {
        List<String> names = new java.util.ArrayList<>();
        d.path("topDrifted").forEach(f -> names.add(f.path("feature").asText()));
        drifted.put(w.path("start").asText(), String.join(", ", names));
      }
    }
    assertEquals(3, drifted.size(), "the three shifted windows drifted: " + windows);
    pasteToken(reader);
    browser.visible("#nav a[data-page='monitors']").click();
    browser.visible("#monitors-table tr[data-monitor='" + monitorId + "'] a");
    browser.screenshot("monitors");
    browser.driver.findElement(By.linkText("drifting-monitor")).click();
    browser.visible("#drifted-windows-table");
    Map<String, String> shown = new java.util.TreeMap<>();
    for (WebElement row :
        browser.driver.findElements(By.cssSelector("#drifted-windows-table tbody tr"))) {
      shown.put(
          row.getAttribute("data-window"),
          row.findElement(By.cssSelector("td.features")).getText());
    }
    assertEquals(drifted, shown);
    assertTrue(browser.visible("#lag").getText().contains("No Kafka partition"));
    assertEquals(
        "2",
        browser.visible("#dead-letters dd[data-reason='not_json']").getText(),
        browser.visible("#dead-letters").getText());
    // the heatmap is drawn on a canvas; the element keeps what it drew
    Number cells =
        (Number)
            browser.js(
                "return document.querySelector('#heatmap-chart canvas.heatmap')"
                    + " && document.getElementById('heatmap-chart').heatmap.cells.length;");
    assertEquals(5 * 4, cells.intValue(), "a heatmap cell per feature and window");
    // window 2 shifted feature f0 only: its cell outweighs the others of that window
    @SuppressWarnings("unchecked")
    List<List<Number>> data =
        (List<List<Number>>)
            browser.js(
                "return document.getElementById('heatmap-chart').heatmap.cells"
                    + ".map(c => [c[0], c[1], c[2]]);");
    @SuppressWarnings("unchecked")
    List<String> features =
        (List<String>)
            browser.js("return document.getElementById('heatmap-chart').heatmap.features;");
    double f0 = 0;
    double others = 0;
    for (List<Number> c : data) {
      if (c.get(0).intValue() == 2) {
        String f = features.get(c.get(1).intValue());
        if (f.equals("f0")) {
          f0 = c.get(2).doubleValue();
        } else {
          others = Math.max(others, c.get(2).doubleValue());
        }
      }
    }
    assertTrue(f0 > 2 * others, "f0 " + f0 + " against " + others + " in window 2");
    // f0 in the baseline against the latest drifted window (4: every feature shifted by 3)
    browser.until(d -> Long.valueOf(2).equals(browser.chart("baseline-chart", "o.series.length")));
    assertEquals("f0", browser.visible("#feature").getAttribute("value"));
    assertEquals("4", browser.visible("#hist-window").getAttribute("value"));
    @SuppressWarnings("unchecked")
    List<List<Number>> series =
        (List<List<Number>>) browser.chart("baseline-chart", "o.series.map(s => s.data)");
    double l1 = 0;
    double[] sums = new double[2];
    for (int i = 0; i < series.get(0).size(); i++) {
      l1 += Math.abs(series.get(0).get(i).doubleValue() - series.get(1).get(i).doubleValue());
      sums[0] += series.get(0).get(i).doubleValue();
      sums[1] += series.get(1).get(i).doubleValue();
    }
    assertEquals(1.0, sums[0], 1e-9, "normalised: " + series.get(0));
    assertEquals(1.0, sums[1], 1e-9, "normalised: " + series.get(1));
    assertTrue(l1 > 0.5, "f0 moved by 3: baseline " + series.get(0) + " window " + series.get(1));
    // model quality from the joined labels: right in four windows, half wrong in the last
    @SuppressWarnings("unchecked")
    List<Number> accuracy = (List<Number>) browser.chart("quality-chart", "o.series[0].data");
    assertEquals(5, accuracy.size(), accuracy.toString());
    assertEquals(1.0, accuracy.get(0).doubleValue(), 1e-9, accuracy.toString());
    assertTrue(accuracy.get(4).doubleValue() < 0.6, accuracy.toString());
    assertEquals(5, browser.driver.findElements(By.cssSelector("#windows-table tbody tr")).size());
    browser.screenshot("monitor");
  }

  @Test
  void theFleetAndAlertsPagesShowTheWorkerAndTheDriftAlert() throws Exception {
    pasteToken(reader);
    browser.visible("#nav a[data-page='fleet']").click();
    WebElement row = browser.visible("#workers-table tbody tr");
    browser.until(d -> d.findElement(By.id("lease-counts")).getText().contains("leases lost"));
    assertTrue(
        browser.driver.findElement(By.id("lease-counts")).getText().contains(": 0 leases lost"));
    assertTrue(row.getText().contains("local-"), row.getText());
    // the service's slots lost no lease and ran the built-in algorithms: their backend shows
    assertEquals("0", row.findElement(By.cssSelector("td.leases-lost")).getText(), row.getText());
    browser.until(
        d ->
            !d.findElement(By.cssSelector("#workers-table tbody tr td.backend"))
                .getText()
                .equals("–"));
    browser.screenshot("fleet");
    browser.visible("#nav a[data-page='alerts']").click();
    browser.visible("#alerts-table tbody tr");
    // the page redraws its table on every poll: read the row's texts in one go
    @SuppressWarnings("unchecked")
    List<String> alert =
        (List<String>)
            browser.js(
                "const r = document.querySelector('#alerts-table tbody tr');"
                    + " return [r.innerText, r.querySelector('td.retraining').innerText];");
    assertTrue(alert.get(0).contains("drifting-monitor"), alert.get(0));
    assertTrue(alert.get(0).contains("drift"), alert.get(0));
    assertFalse(alert.get(1).isBlank(), alert.get(0));
    // the receiver refused the first post: that delivery was retried (2 s backoff) and went through
    browser.until(
        d ->
            d.findElements(By.cssSelector("#alerts-table td.deliveries li[data-state='DELIVERED']"))
                    .size()
                == d.findElements(By.cssSelector("#alerts-table tbody tr")).size());
    String cells =
        browser.driver.findElements(By.cssSelector("#alerts-table td.deliveries")).stream()
            .map(WebElement::getText)
            .collect(java.util.stream.Collectors.joining("\n"));
    assertTrue(cells.contains("2 attempts"), cells);
    assertTrue(cells.contains("127.0.0.1"), cells);
    assertFalse(cells.contains("T0KEN"), "a reader sees the host, not the URL: " + cells);
    browser.screenshot("alerts");
  }

  @Test
  void thePageAndItsFilesAreOpenAndNothingElseIsServed() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.function.Function<String, java.net.http.HttpResponse<String>> get =
        p -> {
          try {
            return http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + p)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new AssertionError(p, e);
          }
        };
    var page = get.apply("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("/ui/app.js"), page.body());
    var echarts = get.apply("/ui/lib/echarts.min.js");
    assertEquals(200, echarts.statusCode());
    assertTrue(
        echarts.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    assertEquals(200, get.apply("/ui/pages/job.js").statusCode());
    for (String bad :
        List.of(
            "/ui/../state/vernier.db",
            "/ui/%2e%2e/%2e%2e/state/vernier.db",
            "/ui/..%2F..%2Fapp.js",
            "/ui/lib/echarts.js",
            "/ui/dev/vernier/dashboard/DashboardAssets.class",
            "/ui/META-INF/MANIFEST.MF",
            "/ui/no-such.js")) {
      var r = get.apply(bad);
      assertTrue(r.statusCode() == 404 || r.statusCode() == 400, bad + " -> " + r.statusCode());
      assertFalse(r.body().contains("SQLite format"), bad);
    }
    // the API still needs a token
    assertEquals(401, get.apply("/api/v1/whoami").statusCode());
  }

  @Test
  void aJobThatCountsEachTrialsBestEpochShowsWhichEpoch() throws Exception {
    ApiClient api = new ApiClient(base, reader);
    Replay.waitForEnd(api, "child-job");
    JsonNode trial = api.get("/api/v1/tuning-jobs/child-job/trials").body().path("trials").get(0);
    assertTrue(trial.path("objectiveEpoch").isInt(), trial.toString());
    pasteToken(reader);
    browser.visible("#jobs-table tr[data-job='finished-job']");
    browser.driver.get(base + "/#/jobs/child-job");
    // headers and the first row read in one script once the job's rows are drawn: the page redraws
    // as it polls, so an element found earlier may be gone
    List<List<String>> child = tableOnceItHas(1);
    int col = child.get(0).indexOf("From epoch");
    assertTrue(col >= 0, "a column for the objective's epoch under aggregation best: " + child);
    assertEquals(trial.path("objectiveEpoch").asText(), child.get(1).get(col));
    browser.driver.get(base + "/#/jobs/finished-job");
    List<List<String>> finished = tableOnceItHas(5);
    assertFalse(
        finished.get(0).contains("From epoch"),
        "no such column under aggregation latest (every objective is the last epoch's): "
            + finished);
  }

  /** The trials table's headers and first row, once it shows {@code rows} rows. */
  @SuppressWarnings("unchecked")
  private static List<List<String>> tableOnceItHas(int rows) {
    return browser.until(
        d ->
            (List<List<String>>)
                browser.js(
                    "const t = document.getElementById('trials-table');"
                        + " const rs = t ? t.querySelectorAll('tbody tr') : [];"
                        + " if (rs.length !== "
                        + rows
                        + ") return null;"
                        + " const text = (xs) => [...xs].map((x) => x.textContent.trim());"
                        + " return [text(t.querySelectorAll('thead th')),"
                        + " text(rs[0].querySelectorAll('td'))];"));
  }

  @Test
  void aSubmitterStopsARunningJobFromItsPage() throws Exception {
    ApiClient api = new ApiClient(base, submitter);
    api.post(
        "/api/v1/tuning-jobs",
        Replay.job("long-job", 500).replace("\"epochs\": 3", "\"epochs\": 50"));
    pasteToken(submitter);
    browser.driver.get(base + "/#/jobs/long-job");
    browser.visible("#stop-job").click();
    browser.until(
        d -> {
          try {
            JsonNode j = api.get("/api/v1/tuning-jobs/long-job").body();
            return j.path("stopRequested").asBoolean() ? j : null;
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    browser.until(d -> !d.findElement(By.id("stop-job")).isDisplayed());
  }
}
