package dev.vernier.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.server.LargeJob;
import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Large numbers in a real Chromium. A live job of 10,000 trials (9,990 completed, 10 running and
 * reporting an epoch a second) in a real Chromium: its page used to fetch every trial and every
 * trial's curve on each 2 s poll (5.7 MB) and block the browser for seconds. Now a poll fetches the
 * trials that may have changed and the capped curves, and the page draws a page of the table and a
 * bounded number of curves.
 *
 * <p>And a job whose warm-started child has 500 newer jobs still lists it.
 *
 * <p>Prints what it measured (bytes per poll, the longest main-thread task while loading and while
 * polling) as a table; only the bytes and the bounds are asserted, never a time.
 */
class LargeJobBrowserTest {
  static final int DONE = 9_990;
  static final int RUNNING = 10;

  @TempDir static Path dir;
  static VernierServer server;
  static String base;
  static String reader;
  static ApiClient api;
  static LargeJob job;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    Replay.csv(data, "train.csv", 100, 1);
    Replay.csv(data, "val.csv", 50, 2);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0),
            Clock.systemUTC(),
            new PrintStream(new ByteArrayOutputStream()));
    base = server.url().toString().replaceAll("/$", "");
    long now = System.currentTimeMillis();
    String submitter = server.tokens().create(Role.SUBMITTER, "large job", now);
    reader = server.tokens().create(Role.READER, "large job", now);
    long t0 = System.nanoTime();
    api = new ApiClient(base, submitter);
    job = LargeJob.build(server, api, "large-job", DONE, RUNNING);
    System.out.printf(
        "built a job of %d trials in %.1f s%n", DONE + RUNNING, (System.nanoTime() - t0) / 1e9);
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (job != null) {
      job.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Before any page's script: keep every resource timing and every long task. */
  static final String OBSERVE =
      "performance.setResourceTimingBufferSize(100000);"
          + " window.__longtasks = [];"
          + " new PerformanceObserver((l) => l.getEntries().forEach("
          + "   (e) => window.__longtasks.push(e.duration)))"
          + "   .observe({type: 'longtask', buffered: true});";

  @Test
  @SuppressWarnings("unchecked")
  void aTenThousandTrialJobsPagePollsOnlyWhatChangedAndDrawsBoundedCharts() throws Exception {
    browser.driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", OBSERVE));
    login();
    browser.visible("#jobs-table tr[data-job='large-job']");
    browser.js("window.__longtasks = []; performance.clearResourceTimings();");
    long t0 = System.nanoTime();
    browser.js("location.hash = '#/jobs/large-job';");
    WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(120));
    wait.until(
        d ->
            browser.js(
                "const el = document.getElementById('history-chart');"
                    + " const c = el && echarts.getInstanceByDom(el);"
                    + " return c && c.getOption().series[0].data.length >= "
                    + DONE
                    + " ? true : null;"));
    double shown = (System.nanoTime() - t0) / 1e6;
    Thread.sleep(3000); // the first poll's charts settle
    Map<String, Object> load = measure();

    browser.js("window.__longtasks = []; performance.clearResourceTimings();");
    Thread.sleep(10_000); // about five polls of a live job
    Map<String, Object> polling = measure();
    browser.screenshot("large-job");

    System.out.printf(
        "%n| 10,000-trial job page (Chromium) | first load | per poll (%s polls) |%n"
            + "|---|---|---|%n"
            + "| API bytes, decoded | %,d | %,d |%n"
            + "| API bytes, on the wire | %,d | %,d |%n"
            + "| requests | %s | %s |%n"
            + "| longest main-thread task | %d ms | %d ms |%n"
            + "| history chart drawn after | %.0f ms | |%n%n",
        polling.get("polls"),
        num(load, "decoded"),
        perPoll(polling, "decoded"),
        num(load, "encoded"),
        perPoll(polling, "encoded"),
        load.get("requests"),
        polling.get("requests"),
        num(load, "longest"),
        num(polling, "longest"),
        shown);

    long polls = num(polling, "polls");
    assertTrue(polls >= 3, "the page kept polling: " + polling);
    assertTrue(
        perPoll(polling, "decoded") < 100_000,
        "a poll of a live 10,000-trial job fetches what changed, not every trial: " + polling);
    // the table draws a page; the curves are the best and the running ones, not 10,000
    assertTrue(
        browser.driver.findElements(By.cssSelector("#trials-table tbody tr")).size() <= 50,
        "one page of the table");
    long series = ((Number) browser.chart("curves-chart", "o.series.length")).longValue();
    assertTrue(series <= 50 + RUNNING, "curves drawn: " + series);
    String note = browser.visible("#curves-note").getText();
    assertTrue(note.contains("more left out"), note);
    // the running trials' epochs reach the table as they are reported: fetched again each poll
    browser.js(
        "const f = document.querySelector('#trials-table').parentElement"
            + ".querySelector('input[type=search]');"
            + " f.value = 'IN_PROGRESS'; f.dispatchEvent(new Event('input'));");
    List<Long> before = runningEpochs();
    assertEquals(RUNNING, before.size(), "the running trials: " + before);
    Thread.sleep(5000);
    List<Long> after = runningEpochs();
    assertTrue(
        after.stream().mapToLong(Long::longValue).min().orElse(0)
            > before.stream().mapToLong(Long::longValue).max().orElse(0),
        "epochs shown " + before + " then " + after);
    String pager =
        (String)
            browser.js(
                "return document.querySelector('#trials-table').parentElement"
                    + ".querySelector('.pager span').textContent;");
    assertTrue(pager.contains("of " + (DONE + RUNNING)), pager);
  }

  /**
   * The warm-started children on a job's page were looked for among the 500 newest jobs only: a
   * child with 500 newer jobs was missing. The page asks the jobs list for the parent's children.
   */
  @Test
  void aParentsPageListsAChildOlderThanThe500NewestJobs() throws Exception {
    LargeJob.build(server, api, "parent-job", 1, 0);
    LargeJob.build(
        server,
        api,
        "old-child",
        1,
        0,
        "\"warmStart\": {\"parents\": [\"parent-job\"], \"type\": \"transfer\"}");
    for (int i = 0; i < 500; i++) {
      LargeJob.build(server, api, "newer-" + i, 1, 0);
    }
    login();
    browser.visible("#jobs-table");
    browser.js("location.hash = '#/jobs/parent-job';");
    assertEquals("old-child", browser.visible("#children").getText());
  }

  private static void login() {
    browser.open(base + "/");
    browser.visible("#login-token").sendKeys(reader);
    browser.driver.findElement(By.cssSelector("#login-form button")).click();
  }

  /** The Epochs column of the table's rows. */
  @SuppressWarnings("unchecked")
  private static List<Long> runningEpochs() {
    return (List<Long>)
        browser.js(
            "const t = document.getElementById('trials-table');"
                + " const col = [...t.querySelectorAll('thead th')]"
                + "   .findIndex((th) => th.textContent === 'Epochs');"
                + " return [...t.querySelectorAll('tbody tr')]"
                + "   .map((r) => Number(r.children[col].textContent));");
  }

  private static long perPoll(Map<String, Object> m, String key) {
    return num(m, key) / Math.max(1, num(m, "polls"));
  }

  private static long num(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).longValue();
  }

  /** Since the last clear: API bytes and requests, job-document polls and the longest task. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> measure() {
    return (Map<String, Object>)
        browser.js(
            "const es = performance.getEntriesByType('resource')"
                + "  .filter((e) => e.name.includes('/api/'));"
                + " const sum = (k) => es.reduce((a, e) => a + e[k], 0);"
                + " return {decoded: sum('decodedBodySize'), encoded: sum('encodedBodySize'),"
                + "   requests: es.length,"
                + "   polls: es.filter((e) => /\\/tuning-jobs\\/large-job$/.test(e.name)).length,"
                + "   longest: Math.max(0, ...window.__longtasks)};");
  }
}
