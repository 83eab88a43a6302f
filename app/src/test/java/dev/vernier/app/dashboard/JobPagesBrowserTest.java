package dev.vernier.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The tuning-job pages in a real Chromium: the jobs list and its state filter, a finished job's
 * history, curves, importances and provenance, the submit page's field errors, the column for each
 * trial's best epoch, and stopping a running job.
 */
class JobPagesBrowserTest extends DashboardFixture {
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

  /**
   * A trial's stop reason comes from outside (a worker's report, a command's stderr) and the
   * curves' tooltip is markup: a reason holding {@code <img onerror=...>} ran its script in the
   * page of whoever hovered the curve (an outside tester took an admin's token that way from a
   * worker token). The page's fetch is made to answer such a reason; the tooltip shows it as text,
   * and the page's Content-Security-Policy allows no inline script anyway.
   */
  @Test
  void aStopReasonWithMarkupIsShownAsTextInTheCurvesTooltip() throws Exception {
    pasteToken(reader);
    browser.visible("#jobs-table tr[data-job='finished-job']");
    browser.js(
        "const real = window.fetch;"
            + " window.fetch = async (url, opts) => {"
            + "   const r = await real(url, opts);"
            + "   if (!String(url).includes('/curves')) return r;"
            + "   const j = await r.json();"
            + "   j.curves[0].state = 'FAILED';"
            + "   j.curves[0].stateReason = '<img src=x onerror=\"window.__xss=1\">';"
            + "   return new Response(JSON.stringify(j),"
            + "       {status: 200, headers: {'Content-Type': 'application/json'}});"
            + " };"
            + " location.hash = '#/jobs/finished-job';");
    browser.until(
        d ->
            browser.js(
                "const el = document.getElementById('curves-chart');"
                    + " const c = el && echarts.getInstanceByDom(el);"
                    + " return c && c.getOption().series.length === 5 ? true : null;"));
    String tip =
        browser.until(
            d ->
                (String)
                    browser.js(
                        // the chart's own tooltip formatter, on the first curve's point
                        "const c = echarts.getInstanceByDom(document.getElementById('curves-chart'));"
                            + " const o = c.getOption();"
                            + " const t = o.tooltip[0].formatter("
                            + "   {seriesName: o.series[0].name, value: [1, 0.5]});"
                            + " return t.includes('FAILED:') ? t : null;"));
    assertTrue(tip.contains("FAILED: &lt;img src=x onerror="), tip);
    assertFalse(tip.contains("<img"), tip);
    // and shown: ECharts puts the string into the tooltip's markup
    browser.js(
        "const el = document.getElementById('curves-chart'); const r = el.getBoundingClientRect();"
            + " echarts.getInstanceByDom(el).dispatchAction({type: 'showTip',"
            + "   x: r.width / 2, y: r.height / 2});");
    assertTrue(
        browser.driver.findElements(By.cssSelector("#curves-chart img")).isEmpty(), "no element");
    assertEquals(null, browser.js("return window.__xss === undefined ? null : window.__xss;"));
    // the page's own policy: its scripts only, never framed
    var page =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self';") && csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
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
