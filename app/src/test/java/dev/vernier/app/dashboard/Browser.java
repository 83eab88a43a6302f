package dev.vernier.app.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Debian's chromedriver: never a browser download. A missing chromium
 * or chromedriver fails the test with how to install it.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** Where every page's screenshot is saved: the dashboard module's target folder. */
  static final Path SCREENSHOTS =
      Path.of(System.getProperty("user.dir"))
          .resolveSibling("dashboard")
          .resolve("target")
          .resolve("screenshots");

  final ChromeDriver driver;

  Browser() {
    for (String f : new String[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(Path.of(f))) {
        throw new AssertionError(
            f
                + " is missing: the dashboard's browser tests need Debian's chromium and"
                + " chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs"
                + " them)");
      }
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM);
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    driver = new ChromeDriver(service, o);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * {@code expr} evaluated on the option {@code o} of the ECharts chart in element {@code id}, or
   * null when the element holds no chart yet.
   */
  Object chart(String id, String expr) {
    return js(
        "const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
            + " if (!c) return null; const o = c.getOption(); return "
            + expr
            + ";",
        id);
  }

  <T> T until(Function<WebDriver, T> condition) {
    // pages redraw on every poll: an element found a moment ago may be gone; look again
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  /** Waits for the element to be shown; a timeout says what the page showed instead. */
  WebElement visible(String css) {
    try {
      return until(
          d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
          });
    } catch (org.openqa.selenium.TimeoutException e) {
      Object shown = js("return document.body.innerText.slice(0, 2000);");
      throw new AssertionError(
          "no " + css + " shown at " + driver.getCurrentUrl() + ":\n" + shown, e);
    }
  }

  /** A fresh tab state: no token in session storage, at {@code url}. */
  void open(String url) {
    driver.get(url);
    js("sessionStorage.clear()");
    driver.get("about:blank");
    driver.get(url);
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    // the whole page: the window grows to the document's height for the picture
    Number height = (Number) js("return document.documentElement.scrollHeight;");
    driver.manage().window().setSize(new Dimension(1400, Math.max(1000, height.intValue() + 20)));
    File f = driver.getScreenshotAs(OutputType.FILE);
    driver.manage().window().setSize(new Dimension(1400, 1000));
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
