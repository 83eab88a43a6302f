package dev.vernier.app;

import dev.vernier.app.cli.VernierCommand;

/** The {@code vernier} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(VernierCommand.run(args, System.out, System.err));
  }
}
