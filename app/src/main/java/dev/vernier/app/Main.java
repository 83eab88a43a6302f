package dev.vernier.app;

import dev.vernier.app.cli.VernierCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** The {@code vernier} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    quietLibraries();
    System.exit(VernierCommand.run(args, System.out, System.err));
  }

  /** One log format for everything, libraries at WARNING, unless the user configured logging. */
  static void quietLibraries() {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    if (System.getProperty("java.util.logging.config.file") == null) {
      try (InputStream in = Main.class.getResourceAsStream("/vernier-logging.properties")) {
        if (in != null) {
          LogManager.getLogManager().readConfiguration(in);
        }
      } catch (IOException e) {
        System.err.println("warning: default logging configuration not loaded: " + e.getMessage());
      }
    }
  }
}
