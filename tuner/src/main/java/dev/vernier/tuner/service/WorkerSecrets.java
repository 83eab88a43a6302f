package dev.vernier.tuner.service;

import dev.vernier.core.fleet.FleetClient;
import dev.vernier.platform.error.ForbiddenException;
import dev.vernier.platform.secret.Sha256;
import dev.vernier.tuner.storage.FleetStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-registration secrets that bind a remote worker's calls to the worker that registered: 32
 * random bytes, URL-safe Base64 without padding, given once in the registration's answer and kept
 * only as their SHA-256. Compared in constant time. Thread-safe (stateless).
 */
public final class WorkerSecrets {
  /** The owner of the service's own slots' worker ids: no API token id (a UUID) is equal to it. */
  static final String SERVICE_OWNER = "(service)";

  private static final SecureRandom RANDOM = new SecureRandom();

  private WorkerSecrets() {}

  /** A registration's answer: the worker's id and the secret its later calls carry. */
  public record Registration(String workerId, String secret) {}

  static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String sha256(String secret) {
    return Sha256.hex(secret);
  }

  static void requirePresent(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new ForbiddenException(
          FleetClient.WORKER_SECRET_HEADER,
          "is required: send the workerSecret that registering the worker returned (admin tokens"
              + " may act without it)",
          null);
    }
  }

  /**
   * Refuses unless {@code secret} is {@code w}'s current secret.
   *
   * @param what names what the call acts on, for the message ("worker w1")
   */
  static void check(FleetStore.Worker w, String secret, String what) {
    requirePresent(secret);
    byte[] given = sha256(secret).getBytes(StandardCharsets.US_ASCII);
    byte[] expected =
        w.secretSha256() == null ? null : w.secretSha256().getBytes(StandardCharsets.US_ASCII);
    if (expected == null || !MessageDigest.isEqual(given, expected)) {
      throw new ForbiddenException(
          FleetClient.WORKER_SECRET_HEADER,
          "is not the current secret of "
              + what
              + "; a lease belongs to the worker that took it, and a worker that registered again"
              + " has a new secret",
          null);
    }
  }
}
