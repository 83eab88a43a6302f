package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.app.security.Role;
import dev.vernier.app.security.TokenStore;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.DatabaseConfig;
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
        "Manages API tokens in the service's state database: its --data folder (run it on the"
            + " service's machine) or its --database.",
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

  /** Where the tokens are written, as messages show it: the SQLite file or the redacted URL. */
  static String shown(DatabaseConfig d) {
    return d.isSqlite() ? d.sqliteFile().toAbsolutePath().toString() : d.redactedUrl();
  }

  /**
   * {@code d}, when it names a database that exists: {@code list} and {@code revoke} on a mistyped
   * {@code --data} would otherwise create an empty database and show no tokens.
   */
  static DatabaseConfig existing(DatabaseConfig d, Path data) {
    if (d.isSqlite() && !Files.exists(d.sqliteFile())) {
      throw new dev.vernier.core.InvalidInputException(
          "--data",
          "holds no Vernier database (no vernier.db); give the folder `vernier serve --data` uses",
          data.toString());
    }
    return d;
  }

  /**
   * Opens (and migrates) the token store; a PostgreSQL server that cannot be used is one line
   * naming --database ({@link DatabaseFailures}).
   */
  static TokenStore open(DatabaseConfig d, Database[] holder, Clock clock) {
    try {
      holder[0] = d.open(false);
      return new SqlTokenStore(holder[0].dataSource(), holder[0].dialect(), clock);
    } catch (RuntimeException e) {
      throw DatabaseFailures.explain(e, d);
    }
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

    @Mixin DatabaseOptions database;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      Role r = Role.parse("--role", role);
      boolean json = output.json();
      DatabaseConfig d = database.config(data);
      if (d.isSqlite()) {
        StateOptions.stateDir(data); // a file or a read-only folder: one line naming --data
      }
      String where = shown(d);
      boolean existed = !d.isSqlite() || Files.exists(d.sqliteFile());
      Database[] db = new Database[1];
      try {
        String t =
            open(d, db, VernierCommand.clock(spec))
                .create(r, description, VernierCommand.clock(spec).millis());
        if (json) {
          spec.commandLine()
              .getOut()
              .println(
                  JsonNodeFactory.instance
                      .objectNode()
                      .put("token", t)
                      .put("role", r.label())
                      .put("database", where)
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
                    + where
                    + (spec.commandLine().getParseResult().hasMatchedOption("--data")
                            || spec.commandLine().getParseResult().hasMatchedOption("--database")
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

    @Mixin DatabaseOptions database;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      boolean json = output.json();
      Database[] db = new Database[1];
      try {
        if (json) {
          ArrayNode a = JsonNodeFactory.instance.arrayNode();
          for (TokenStore.TokenInfo i :
              open(existing(database.config(data), data), db, VernierCommand.clock(spec)).list()) {
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
        for (TokenStore.TokenInfo i :
            open(existing(database.config(data), data), db, VernierCommand.clock(spec)).list()) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%s  %-9s %s%s%n",
                  i.id(),
                  i.role().label(),
                  TokenStore.printable(i.description()), // stored before the check, perhaps
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

    @Mixin DatabaseOptions database;

    @Override
    public Integer call() {
      Database[] db = new Database[1];
      try {
        if (!open(existing(database.config(data), data), db, VernierCommand.clock(spec))
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
