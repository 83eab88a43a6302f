package dev.vernier.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Getting into the dashboard in a real Chromium, and what it serves: the token link (asked about,
 * then accepted or declined), a role that may not read, and the page and its files open to all
 * while nothing else is served. The tuning-job pages are in {@link JobPagesBrowserTest}, the
 * monitor, fleet and alerts pages in {@link MonitorPagesBrowserTest}.
 */
class DashboardBrowserTest extends DashboardFixture {
  /**
   * A {@code #token=} link logged the tab in without asking: a link someone else made could log a
   * victim in as the sender's identity (login CSRF). The token leaves the address at once, and is
   * stored only after the user saw whose it is and accepted.
   */
  @Test
  void theTokenLinkAsksWhoseTokenItIsBeforeLoggingIn() throws Exception {
    browser.open(base + "/");
    browser.visible("#login-token");
    browser.driver.get(server.dashboardLink());
    assertTrue(server.dashboardLink().contains("#token=" + admin), server.dashboardLink());
    String who = browser.visible("#link-who").getText();
    assertTrue(who.contains("admin"), who);
    assertTrue(who.contains("created at first start"), "the token's description: " + who);
    assertTrue(browser.visible("#link-accept").getText().contains("admin"));
    String href = (String) browser.js("return window.location.href;");
    assertFalse(href.contains(admin), href);
    assertFalse(href.contains("token"), href);
    assertEquals(
        null,
        browser.js("return sessionStorage.getItem('vernier.token');"),
        "nothing stored before the user accepts");
    assertFalse(browser.driver.findElement(By.id("nav")).isDisplayed(), "no pages yet");
    browser.screenshot("link-login");
    browser.driver.findElement(By.id("link-accept")).click();
    browser.until(d -> browser.driver.findElement(By.id("who")).getText().contains("admin"));
    assertEquals(admin, browser.js("return sessionStorage.getItem('vernier.token');"));
    browser.visible("#jobs-table");
  }

  @Test
  void aDeclinedTokenLinkLeavesTheTabAsItWas() throws Exception {
    pasteToken(reader);
    browser.visible("#jobs-table");
    // a link made by someone else, opened in the same tab
    browser.js("location.hash = '#token=' + arguments[0];", submitter);
    String current = browser.visible("#link-current").getText();
    assertTrue(current.contains("reader"), "says who the tab is now: " + current);
    assertTrue(browser.visible("#link-who").getText().contains("submitter"));
    assertFalse(((String) browser.js("return window.location.href;")).contains(submitter));
    browser.driver.findElement(By.id("link-cancel")).click();
    browser.visible("#jobs-table");
    assertTrue(browser.driver.findElement(By.id("who")).getText().contains("reader"));
    assertEquals(reader, browser.js("return sessionStorage.getItem('vernier.token');"));
    assertFalse(((String) browser.js("return window.location.href;")).contains("token"));

    // without a login, declining leaves the login form; an unknown token is never offered
    browser.open(base + "/");
    browser.visible("#login-token");
    browser.driver.get(base + "/#token=" + submitter);
    browser.visible("#link-cancel").click();
    browser.visible("#login-token");
    assertEquals(null, browser.js("return sessionStorage.getItem('vernier.token');"));
    browser.driver.get(base + "/#token=vrn_not-a-token");
    WebElement reason = browser.visible("#login-reason");
    browser.until(d -> reason.getText().isBlank() ? null : true);
    assertTrue(reason.getText().contains("unknown or revoked"), reason.getText());
    assertTrue(browser.driver.findElement(By.id("link-login")).getAttribute("hidden") != null);
    assertEquals(null, browser.js("return sessionStorage.getItem('vernier.token');"));
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
