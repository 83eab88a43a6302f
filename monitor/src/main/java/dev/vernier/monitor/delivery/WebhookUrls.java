package dev.vernier.monitor.delivery;

import dev.vernier.core.InvalidInputException;
import java.net.URI;
import java.util.Locale;

/**
 * The rules of a webhook URL at registration that are not its form ({@code
 * MonitorSpecParser.webhookUrl}): its length, and when two URLs name the same receiver.
 *
 * <p><b>Length.</b> At most {@link #MAX_LENGTH} characters: the registry and the deliveries store
 * URLs in columns of that width, browsers and most proxies pass about 2,000 characters, and a
 * longer URL could not be shown in a {@code Location} header or passed back in {@code DELETE
 * ?url=}.
 *
 * <p><b>Same receiver.</b> Two URLs name the same receiver when they differ only where HTTP says
 * they are equivalent: the scheme's and host's case, the scheme's default port written or not (80
 * for http, 443 for https), and an empty path written as {@code /}. The user information, path,
 * query and fragment are compared as written: a path or query may be case-sensitive, and
 * percent-encoding is left as it is. A URL is stored as it was registered, since monitors name it
 * and deliveries target it by that text.
 */
public final class WebhookUrls {
  /** The longest webhook URL registered, in characters. */
  public static final int MAX_LENGTH = 2000;

  private WebhookUrls() {}

  /**
   * Refuses a URL longer than {@link #MAX_LENGTH}, naming {@code field}, the rule and the length
   * (never the URL itself, which would make the answer as long).
   */
  public static void checkLength(String field, String url) {
    if (url.length() > MAX_LENGTH) {
      throw new InvalidInputException(
          field,
          "must be at most "
              + MAX_LENGTH
              + " characters (what browsers and most proxies pass and the registry stores)",
          url.length() + " characters");
    }
  }

  /**
   * The form in which two registrations are compared (see the class comment); {@code url} is an
   * absolute http(s) URL with a host, as registration checks.
   */
  public static String comparable(String url) {
    URI u = URI.create(url);
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    StringBuilder s = new StringBuilder(scheme).append("://");
    if (u.getRawUserInfo() != null) {
      s.append(u.getRawUserInfo()).append('@');
    }
    s.append(u.getHost().toLowerCase(Locale.ROOT));
    int port = u.getPort();
    if (port != -1 && port != defaultPort(scheme)) {
      s.append(':').append(port);
    }
    String path = u.getRawPath();
    s.append(path == null || path.isEmpty() ? "/" : path);
    if (u.getRawQuery() != null) {
      s.append('?').append(u.getRawQuery());
    }
    if (u.getRawFragment() != null) {
      s.append('#').append(u.getRawFragment());
    }
    return s.toString();
  }

  /** Whether {@code a} and {@code b} name the same receiver (see the class comment). */
  public static boolean sameReceiver(String a, String b) {
    return a.equals(b) || comparable(a).equals(comparable(b));
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }
}
