package dev.vernier.app.server;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.web.router.Router;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The API's documents, open without a token: the OpenAPI document as YAML and JSON, and the API
 * reference page (Swagger UI, served from its WebJar under {@value #ASSETS}).
 */
@Controller
@Hidden
public class ApiDocsController {
  /** Where Swagger UI's files are served (a static-resources mapping of the WebJar). */
  public static final String ASSETS = "/api-docs/assets";

  public static final String YAML_PATH = "/openapi/vernier.yml";
  public static final String JSON_PATH = "/openapi/vernier.json";

  private final OpenApiDocument document;

  public ApiDocsController(Router router) {
    this.document =
        OpenApiDocument.load(
            router
                .uriRoutes()
                .map(r -> r.getUriMatchTemplate().toPathString())
                .collect(Collectors.toSet()));
  }

  @Get(value = YAML_PATH, produces = "application/yaml")
  public String yaml() {
    return document.yaml();
  }

  @Get(value = JSON_PATH, produces = MediaType.APPLICATION_JSON)
  public String json() {
    return document.json();
  }

  @Get(value = "/api-docs", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> page() {
    return HttpResponse.ok(PAGE);
  }

  /** Starts Swagger UI on the JSON document (a file, not an inline script). */
  @Get(value = "/api-docs/init.js", produces = "text/javascript")
  public String init() {
    return """
        window.ui = SwaggerUIBundle({
          url: "JSON",
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          layout: "StandaloneLayout"
        });
        """
        .replace("JSON", JSON_PATH);
  }

  private static final String PAGE =
      """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Vernier API reference</title>
        <link rel="stylesheet" href="ASSETS/swagger-ui.css">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="ASSETS/swagger-ui-bundle.js"></script>
        <script src="ASSETS/swagger-ui-standalone-preset.js"></script>
        <script src="/api-docs/init.js"></script>
      </body>
      </html>
      """
          .replace("ASSETS", ASSETS);

  /** The WebJar's folder on the class path, with its version read from the jar itself. */
  static String webJarFolder() {
    Properties p = new Properties();
    String pom = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    try (InputStream in = ApiDocsController.class.getClassLoader().getResourceAsStream(pom)) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui WebJar is not on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "META-INF/resources/webjars/swagger-ui/" + p.getProperty("version");
  }
}
