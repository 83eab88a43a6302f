package dev.vernier.monitor.storage;

/**
 * A URL an administrator registered for monitors' alerts.
 *
 * @param id the registry's id ({@code wh-...}), which non-administrators see instead of the URL
 * @param url the URL alerts are posted to; may carry secrets (tokens in its path or query), so it
 *     is shown to administrators only
 * @param secret the key of the posts' {@code Vernier-Signature} HMAC; null for a webhook registered
 *     before posts were signed (its posts go unsigned until it is registered again)
 * @param allowPrivate whether the URL may resolve to a loopback, link-local, private or
 *     unique-local address (checked at registration and again before every post)
 * @param createdAt epoch milliseconds
 */
public record Webhook(String id, String url, String secret, boolean allowPrivate, long createdAt) {
  /** The URL's host, which anyone who may read the monitor may see. */
  public String host() {
    return java.net.URI.create(url).getHost();
  }

  /** The same webhook without its secret, for logs and toString. */
  @Override
  public String toString() {
    return "Webhook[" + id + ", " + url + (secret == null ? ", unsigned" : ", signed") + "]";
  }
}
