package dev.vernier.monitor.delivery;

import dev.vernier.core.InvalidInputException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which webhook addresses need the administrator's explicit {@code allowPrivate}: those that
 * resolve to the service's own machine or network rather than the internet. A webhook is posted to
 * by the service, from inside its network: without the check, a URL such as {@code
 * http://169.254.169.254/latest/meta-data/} or {@code http://127.0.0.1:8080/...} would make the
 * service call its cloud's metadata endpoint or its neighbours.
 *
 * <p>Private here means: loopback (127/8, ::1), unspecified (0.0.0.0, ::, and all of 0/8),
 * link-local (169.254/16, which holds the cloud metadata address 169.254.169.254, and fe80::/10),
 * site-local or private (10/8, 172.16/12, 192.168/16, fec0::/10), shared (100.64/10), unique-local
 * IPv6 (fc00::/7) and multicast. A host is private when any of its addresses is. Checked when a
 * webhook is registered and again before every post (a name may resolve elsewhere by then).
 */
public final class WebhookAddresses {
  private WebhookAddresses() {}

  /** Whether {@code a} is a private, loopback, link-local or otherwise non-public address. */
  public static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && (second & 0xc0) == 64); // 0/8, 100.64/10
  }

  /**
   * The first private address {@code url}'s host resolves to, or empty when it resolves to public
   * addresses only.
   *
   * @throws UnknownHostException when the host does not resolve
   */
  public static Optional<InetAddress> privateAddress(String url) throws UnknownHostException {
    String host = URI.create(url).getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    for (InetAddress a : InetAddress.getAllByName(host)) {
      if (isPrivate(a)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses, at registration, a URL whose host resolves to a private address unless {@code
   * allowPrivate}. A host that does not resolve now is accepted: it is checked again before every
   * post.
   *
   * @throws InvalidInputException naming {@code field}, saying to pass {@code allowPrivate}
   */
  public static void checkRegistration(String field, String url, boolean allowPrivate) {
    if (allowPrivate) {
      return;
    }
    Optional<InetAddress> p;
    try {
      p = privateAddress(url);
    } catch (UnknownHostException e) {
      return;
    }
    if (p.isPresent()) {
      throw new InvalidInputException(
          field,
          "resolves to a private, loopback or link-local address ("
              + p.get().getHostAddress()
              + "), which the service does not post to unless the registration says"
              + " \"allowPrivate\": true",
          url);
    }
  }
}
