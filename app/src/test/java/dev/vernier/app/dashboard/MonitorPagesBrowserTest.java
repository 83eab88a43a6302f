package dev.vernier.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The monitoring pages in a real Chromium: the drifting monitor's drifted windows, heatmap,
 * baseline histogram and model quality, the fleet's workers and the alerts page's drift alert with
 * its retried webhook delivery.
 */
class MonitorPagesBrowserTest extends DashboardFixture {
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
    // in one script: the table may be redrawn between finding a cell and reading it
    String cells =
        (String)
            browser.js(
                "return Array.from(document.querySelectorAll('#alerts-table td.deliveries'))"
                    + ".map(c => c.innerText).join('\\n');");
    assertTrue(cells.contains("2 attempts"), cells);
    assertTrue(cells.contains("127.0.0.1"), cells);
    assertFalse(cells.contains("T0KEN"), "a reader sees the host, not the URL: " + cells);
    browser.screenshot("alerts");
  }
}
