package dev.vernier.platform.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a secret (an API token, a worker's secret) as lower-case hex: what the stores keep
 * instead of the secret. Every authenticated request hashes one, so each thread keeps its own
 * digest: looking the algorithm up on every call was most of the cost. Thread-safe.
 */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  private Sha256() {}

  /** The SHA-256 of {@code secret}'s UTF-8 bytes, 64 hex digits. */
  public static String hex(String secret) {
    MessageDigest d = DIGEST.get();
    d.reset();
    return HexFormat.of().formatHex(d.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
