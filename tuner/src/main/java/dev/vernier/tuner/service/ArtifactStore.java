package dev.vernier.tuner.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Model files, content-addressed: {@code root/sha256/<hash>/<name>}. Writing the same bytes twice
 * stores them once; a file appears under its final name only when complete.
 */
public final class ArtifactStore {
  private final Path root;

  public ArtifactStore(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
  }

  public Path root() {
    return root;
  }

  /**
   * The stored model file at {@code path}, as {@link #put} returned it, to be read and served.
   * Empty when there is no such regular file, or when its real path (links resolved) lies outside
   * this store's model files ({@code root/sha256/}): a path recorded by anyone is never trusted to
   * point inside the store.
   */
  public Optional<Path> find(String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    try {
      Path real = Path.of(path).toRealPath();
      if (!real.startsWith(root.resolve("sha256")) || !Files.isRegularFile(real)) {
        return Optional.empty();
      }
      return Optional.of(real);
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
  }

  /**
   * Stores what {@code in} holds under {@code name} (a plain file name) and returns its path.
   *
   * @param maxBytes uploads larger than this are refused
   */
  public Path put(String name, InputStream in, long maxBytes) throws IOException {
    if (!name.matches("[A-Za-z0-9._-]{1,128}") || name.startsWith(".")) {
      throw new dev.vernier.core.InvalidInputException("name", "must be a plain file name", name);
    }
    Path tmp = Files.createTempFile(root, ".upload-", ".tmp");
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      long n;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
        n = copy(in, out, maxBytes);
      }
      if (n > maxBytes) {
        throw new dev.vernier.core.InvalidInputException(
            "body", "uploads are limited to " + maxBytes + " bytes", n);
      }
      Path dir =
          Files.createDirectories(
              root.resolve("sha256").resolve(HexFormat.of().formatHex(md.digest())));
      Path target = dir.resolve(name);
      if (!Files.exists(target)) {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return target;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static long copy(InputStream in, OutputStream out, long max) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      total += r;
      if (total > max) {
        return total;
      }
      out.write(buf, 0, r);
    }
    return total;
  }
}
