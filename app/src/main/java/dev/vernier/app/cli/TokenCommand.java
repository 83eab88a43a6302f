package dev.vernier.app.cli;

import dev.vernier.app.security.Role;
import dev.vernier.app.security.TokenStore;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.tuner.storage.sql.Database;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vernier token create|list|revoke}: API tokens, on the service's state directory. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Manages API tokens in the service's state directory (run it on the service's machine).",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
public final class TokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static TokenStore open(Path data, Database[] holder) {
    holder[0] = Database.sqlite(data.resolve("vernier.db"));
    return new SqlTokenStore(holder[0].dataSource(), holder[0].dialect());
  }

  /** {@code vernier token create --role R}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a token and prints it once.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--role", required = true, description = "admin, submitter, worker or reader.")
    String role;

    @Option(names = "--description", defaultValue = "", description = "What the token is for.")
    String description;

    @Option(
        names = "--data",
        defaultValue = "vernier-data",
        description = "The service's state directory.")
    Path data;

    @Override
    public Integer call() {
      Role r = Role.parse("--role", role);
      Database[] db = new Database[1];
      try {
        String t = open(data, db).create(r, description, System.currentTimeMillis());
        spec.commandLine().getOut().println(t);
      } finally {
        if (db[0] != null) {
          db[0].close();
        }
      }
      return 0;
    }
  }

  /** {@code vernier token list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists tokens (never the tokens themselves).")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", defaultValue = "vernier-data")
    Path data;

    @Override
    public Integer call() {
      Database[] db = new Database[1];
      try {
        for (TokenStore.TokenInfo i : open(data, db).list()) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%s  %-9s %s%s%n",
                  i.id(),
                  i.role().label(),
                  i.description(),
                  i.revokedAt() == null ? "" : "  (revoked)");
        }
      } finally {
        if (db[0] != null) {
          db[0].close();
        }
      }
      return 0;
    }
  }

  /** {@code vernier token revoke ID}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a token by its id.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0")
    String id;

    @Option(names = "--data", defaultValue = "vernier-data")
    Path data;

    @Override
    public Integer call() {
      Database[] db = new Database[1];
      try {
        if (!open(data, db).revoke(id, System.currentTimeMillis())) {
          throw new dev.vernier.core.InvalidInputException("id", "no active token has this id", id);
        }
        spec.commandLine().getOut().println("revoked " + id);
      } finally {
        if (db[0] != null) {
          db[0].close();
        }
      }
      return 0;
    }
  }
}
