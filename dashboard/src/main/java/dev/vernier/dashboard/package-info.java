/**
 * The web UI's files ({@link dev.vernier.dashboard.DashboardAssets}): the page, its ES modules and
 * style sheet, and ECharts from its WebJar, served by the app. Only known resources are served; the
 * pages talk to the service through the public REST API alone and never see storage.
 */
package dev.vernier.dashboard;
