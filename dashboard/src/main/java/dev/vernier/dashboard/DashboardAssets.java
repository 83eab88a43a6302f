package dev.vernier.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The dashboard's files, as the server hands them out: the page ({@code index.html}), its ES
 * modules and style sheet under {@value #FOLDER}, and Apache ECharts from its WebJar.
 *
 * <p>Only known resources are served: a name is a path of lower-case segments ({@code a-z}, {@code
 * 0-9}, {@code -}) with one of the extensions in {@link #TYPES}, so it can never climb out of
 * {@value #FOLDER} ({@code ..}, {@code /}, {@code \} and {@code %} are refused before the class
 * path is asked), and {@value #ECHARTS} is the one file taken from the WebJar. Thread-safe and
 * stateless; the caller owns the returned streams.
 */
public final class DashboardAssets {
  /** Where the assets live on the class path. */
  public static final String FOLDER = "dev/vernier/dashboard/ui/";

  /**
   * The name ECharts is served under (the WebJar's minified UMD build, which sets {@code echarts}).
   */
  public static final String ECHARTS = "lib/echarts.min.js";

  /** The content types of the extensions that are served. */
  public static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.(html|js|css|svg)");

  /** A resource found: its bytes and content type. */
  public record Asset(String name, String contentType, byte[] bytes) {}

  private DashboardAssets() {}

  /** Whether a name is one this class would ever look up. */
  public static boolean isWellFormed(String name) {
    return name != null
        && (name.equals(ECHARTS) || name.length() <= 200 && NAME.matcher(name).matches());
  }

  /** The asset of that name (relative to {@code /ui/}), or empty when there is none. */
  public static Optional<Asset> find(String name) {
    if (!isWellFormed(name)) {
      return Optional.empty();
    }
    String resource = name.equals(ECHARTS) ? echartsResource() : FOLDER + name;
    String ext = name.substring(name.lastIndexOf('.') + 1);
    try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(new Asset(name, TYPES.get(ext), in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the dashboard's " + resource, e);
    }
  }

  /** The page every dashboard address starts from. */
  public static Asset index() {
    return find("index.html")
        .orElseThrow(() -> new IllegalStateException("the dashboard's index.html is missing"));
  }

  /** ECharts' file in its WebJar, with the version read from the jar itself. */
  static String echartsResource() {
    Properties p = new Properties();
    String pom = "META-INF/maven/org.webjars/echarts/pom.properties";
    try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(pom)) {
      if (in == null) {
        throw new IllegalStateException("the echarts WebJar is not on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "META-INF/resources/webjars/echarts/" + p.getProperty("version") + "/echarts.min.js";
  }
}
