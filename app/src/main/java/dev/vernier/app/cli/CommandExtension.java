package dev.vernier.app.cli;

/**
 * A command that a jar on the class path adds to {@code vernier}, found with {@link
 * java.util.ServiceLoader} (a {@code META-INF/services/dev.vernier.app.cli.CommandExtension} line
 * in that jar). The bench module's jar uses it to put {@code vernier bench ...} back in a {@code
 * vernier} that also carries the benchmarks, so they stay out of the production jar.
 *
 * <p>Order of use: {@link VernierCommand#run} loads every extension once per command line, before
 * it parses the arguments, and calls {@link #command} once; the object returned replaces a built-in
 * subcommand of the same name (the production jar's placeholder {@code bench}).
 *
 * <p>Contract: an implementation has a public no-argument constructor and does nothing when
 * constructed; {@link #command} returns a new object annotated with picocli's {@code @Command} (its
 * name is the subcommand's name), whose errors follow the CLI's conventions: an {@code
 * InvalidInputException} for bad input (exit 2), anything else is a failure (exit 1). It runs on
 * the calling thread; the root command's streams reach it through picocli's {@code CommandSpec}.
 */
public interface CommandExtension {
  /** A new picocli command object; its {@code @Command} name is the subcommand's name. */
  Object command();
}
