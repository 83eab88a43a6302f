package dev.vernier.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DashboardAssetsTest {
  @Test
  void servesThePageItsModulesAndEcharts() {
    assertTrue(
        new String(DashboardAssets.index().bytes(), StandardCharsets.UTF_8).contains("app.js"));
    assertEquals(
        "text/javascript; charset=utf-8", DashboardAssets.find("app.js").get().contentType());
    DashboardAssets.Asset echarts = DashboardAssets.find(DashboardAssets.ECHARTS).get();
    assertTrue(echarts.bytes().length > 500_000, "the minified ECharts build");
    assertTrue(new String(echarts.bytes(), 0, 2000, StandardCharsets.UTF_8).contains("echarts"));
  }

  @Test
  void refusesEveryNameThatCouldLeaveTheFolder() {
    for (String bad :
        new String[] {
          "../index.html",
          "..%2findex.html",
          "/etc/passwd",
          "pages/../app.js",
          "./app.js",
          "APP.JS",
          "app.js/",
          "dev/vernier/dashboard/ui/app.js.class",
          "lib/echarts.min.js.map",
          "a\\b.js",
          "",
          "app",
          "../../../../META-INF/MANIFEST.MF"
        }) {
      assertFalse(DashboardAssets.isWellFormed(bad), bad);
      assertTrue(DashboardAssets.find(bad).isEmpty(), bad);
    }
    // well formed but not there
    assertTrue(DashboardAssets.find("no-such-page.js").isEmpty());
    // a class file of this module is never an asset
    assertTrue(DashboardAssets.find("dashboard-assets.js").isEmpty());
  }
}
