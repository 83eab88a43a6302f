package dev.vernier.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Getting into the dashboard in a real Chromium, and what it serves: the token link, a role that
 * may not read, and the page and its files open to all while nothing else is served. The tuning-job
 * pages are in {@link JobPagesBrowserTest}, the monitor, fleet and alerts pages in {@link
 * MonitorPagesBrowserTest}.
 */
class DashboardBrowserTest extends DashboardFixture {
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
}
