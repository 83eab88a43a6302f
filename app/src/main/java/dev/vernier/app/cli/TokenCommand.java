package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.app.security.Role;
import dev.vernier.app.security.TokenStore;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.platform.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  static Path database(Path data) {
    return data.resolve("vernier.db").toAbsolutePath();
  }

  static TokenStore open(Path data, Database[] holder, Clock clock) {
    holder[0] = Database.sqlite(database(data));
    return new SqlTokenStore(holder[0].dataSource(), holder[0].dialect(), clock);
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
        defaultValue = ServeCommand.DEFAULT_DATA,
        description =
            "The service's state directory, as given to `vernier serve --data`"
                + " (default: ${DEFAULT-VALUE}, as for serve).")
    Path data;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      Role r = Role.parse("--role", role);
      boolean json = output.json();
      Path file = database(data);
      boolean existed = Files.exists(file);
      Database[] db = new Database[1];
      try {
        String t =
            open(data, db, VernierCommand.clock(spec))
                .create(r, description, VernierCommand.clock(spec).millis());
        if (json) {
          spec.commandLine()
              .getOut()
              .println(
                  JsonNodeFactory.instance
                      .objectNode()
                      .put("token", t)
                      .put("role", r.label())
                      .put("database", file.toString())
                      .toPrettyString());
        } else {
          spec.commandLine().getOut().println(t);
        }
        // on standard error, so that TOKEN=$(vernier token create ...) captures the token alone
        spec.commandLine()
            .getErr()
            .println(
                (existed ? "wrote a " : "created the database and wrote a ")
                    + r.label()
                    + " token to "
                    + file
                    + (spec.commandLine().getParseResult().hasMatchedOption("--data")
                        ? ""
                        : " (the default --data "
                            + ServeCommand.DEFAULT_DATA
                            + ", as for `vernier serve`)"));
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

    @Option(
        names = "--data",
        defaultValue = ServeCommand.DEFAULT_DATA,
        description = "The service's state directory (default: ${DEFAULT-VALUE}, as for serve).")
    Path data;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      boolean json = output.json();
      Database[] db = new Database[1];
      try {
        if (json) {
          ArrayNode a = JsonNodeFactory.instance.arrayNode();
          for (TokenStore.TokenInfo i : open(data, db, VernierCommand.clock(spec)).list()) {
            a.addObject()
                .put("id", i.id())
                .put("role", i.role().label())
                .put("description", i.description())
                .put("revoked", i.revokedAt() != null);
          }
          ObjectNode o = JsonNodeFactory.instance.objectNode();
          o.set("tokens", a);
          spec.commandLine().getOut().println(o.toPrettyString());
          return 0;
        }
        for (TokenStore.TokenInfo i : open(data, db, VernierCommand.clock(spec)).list()) {
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

    @Option(
        names = "--data",
        defaultValue = ServeCommand.DEFAULT_DATA,
        description = "The service's state directory (default: ${DEFAULT-VALUE}, as for serve).")
    Path data;

    @Override
    public Integer call() {
      Database[] db = new Database[1];
      try {
        if (!open(data, db, VernierCommand.clock(spec))
            .revoke(id, VernierCommand.clock(spec).millis())) {
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
