package dev.vernier.app.server;

import dev.vernier.dashboard.DashboardAssets;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The dashboard, open without a token (its pages ask for one and call the REST API with it): the
 * page at {@code /} and its files under {@value #ASSETS}. Only {@link DashboardAssets}' known
 * resources are served; any other name is a 404 problem document.
 */
@Controller
@Hidden
public class DashboardController {
  /** Where the dashboard's files are served. */
  public static final String ASSETS = "/ui/";

  @Get(value = "/", produces = MediaType.TEXT_HTML)
  public HttpResponse<byte[]> index() {
    return asset(DashboardAssets.index());
  }

  @Get(value = "/ui/{+name}")
  public HttpResponse<?> file(@PathVariable String name) {
    return DashboardAssets.find(name)
        .<HttpResponse<?>>map(DashboardController::asset)
        .orElseGet(
            () ->
                dev.vernier.platform.problem.Problem.of(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "Not found",
                    "the dashboard has no file " + name,
                    "path"));
  }

  /**
   * What the dashboard's page may load and run: its own files only (no inline script, no other
   * origin), inline styles (the charts' tooltips carry them), never framed by another page. A
   * string from the service that slipped into markup could still not run a script.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private static HttpResponse<byte[]> asset(DashboardAssets.Asset a) {
    return HttpResponse.ok(a.bytes())
        .contentType(a.contentType())
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "no-referrer");
  }
}
