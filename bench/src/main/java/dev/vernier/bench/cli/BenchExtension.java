package dev.vernier.bench.cli;

import dev.vernier.app.cli.CommandExtension;

/** Puts {@code vernier bench ...} into the {@code vernier} of the bench jar. */
public final class BenchExtension implements CommandExtension {
  @Override
  public Object command() {
    return new BenchCommand();
  }
}
