package dev.vernier.app.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of a server's in-process worker: {@code local-<host>-<8 hex digits>}, the digits hashing
 * its {@code --data} folder and, for a replica on PostgreSQL, its replica id. The same server
 * restarted keeps its name, so its slots' interrupted trials are handed on at once ("its worker
 * restarted"); a SQLite server's folder is its own ({@link DataDirLock}), and replicas on one host
 * differ by replica id, so no server's worker ever takes another's name and leases. (A replica left
 * to its default id, {@code host-pid}, gets a new name at each start: its trials are handed on when
 * their leases run out.) Within the worker-name rule: 1-64 letters, digits, dots, dashes and
 * underscores.
 */
final class LocalWorkerName {
  private LocalWorkerName() {}

  /**
   * @param replicaId the replica's id on PostgreSQL; null on SQLite
   */
  static String of(String host, Path dataDir, String replicaId) {
    String h = host.replaceAll("[^A-Za-z0-9._-]", "_");
    if (h.isEmpty() || !Character.isLetterOrDigit(h.charAt(0))) {
      h = "host" + h;
    }
    String tag =
        "-"
            + hash(
                dataDir.toAbsolutePath().normalize() + (replicaId == null ? "" : "\n" + replicaId));
    int room = 64 - "local-".length() - tag.length();
    if (h.length() > room) {
      h = h.substring(0, room);
    }
    return "local-" + h + tag;
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
