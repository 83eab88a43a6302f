package dev.vernier.monitor.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook post, as Stripe signs its events: header {@value #HEADER} is {@code
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed by the webhook's secret>}. A
 * receiver recomputes the HMAC over the body bytes it received, compares in constant time, and
 * rejects a timestamp older than {@link #TOLERANCE_SECONDS} (a replayed post). Pure functions;
 * thread-safe.
 */
public final class WebhookSignature {
  private WebhookSignature() {}

  /** The request header carrying the signature. */
  public static final String HEADER = "Vernier-Signature";

  /** How old a signature a receiver should accept, in seconds (5 minutes). */
  public static final long TOLERANCE_SECONDS = 300;

  /** The fewest characters a secret given at registration may have. */
  public static final int MIN_SECRET = 16;

  /** The header value for {@code body} posted at {@code unixSeconds}. */
  public static String header(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
  }

  /**
   * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made at most
   * {@link #TOLERANCE_SECONDS} before (or after) {@code nowSeconds}.
   */
  public static boolean verify(String secret, String header, byte[] body, long nowSeconds) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      if (kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (kv[0].equals("v1")) {
        v1 = kv[1];
      }
    }
    if (t == null || v1 == null || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) {
      return false;
    }
    return MessageDigest.isEqual(
        hmac(secret, t, body).getBytes(StandardCharsets.US_ASCII),
        v1.getBytes(StandardCharsets.US_ASCII));
  }

  /** A new random secret: {@code whsec_} and 32 bytes from a {@link SecureRandom} in hex. */
  public static String newSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return "whsec_" + HexFormat.of().formatHex(b);
  }

  private static String hmac(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
