package dev.vernier.core.fleet;

import dev.vernier.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The rule for a worker's name, checked where a name enters: {@code vernier worker --name} (the
 * worker's settings, before it contacts the service) and the service's registration of a remote
 * worker ({@code POST /api/v1/fleet/workers}).
 *
 * <p>A name is the worker's id: it appears in messages, logs, thread names and URLs, and may name a
 * file or folder. So it is 1 to {@value #MAX_LENGTH} letters, digits, dots, dashes or underscores
 * (no separator, no NUL, no control character, no space), starting with a letter or digit: never
 * {@code .} or {@code ..}, never a hidden file's name, never something that reads as an option.
 * Host names fit, and the host name is the CLI's default.
 */
public final class WorkerNames {
  /** The longest name, in characters. */
  public static final int MAX_LENGTH = 64;

  /** What a name must be, as errors state it. */
  public static final String RULE =
      "must be 1-"
          + MAX_LENGTH
          + " letters, digits, dots, dashes or underscores, starting with a letter or digit";

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

  private WorkerNames() {}

  /** Whether {@code name} is a valid worker name. */
  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Returns {@code name} when it is a valid worker name.
   *
   * @param field what named it in the request, e.g. {@code --name} or {@code name}
   * @throws InvalidInputException naming {@code field}, {@link #RULE} and the name, with control
   *     characters written as unicode escapes (a NUL as backslash-u0000), so that the message
   *     prints safely
   */
  public static String check(String field, String name) {
    if (name == null) {
      throw new InvalidInputException(field, "is required; it " + RULE, null);
    }
    if (!isValid(name)) {
      throw new InvalidInputException(field, RULE, printable(name));
    }
    return name;
  }

  /** {@code s} with every control character (and DEL) written as a unicode escape. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
