package dev.vernier.tuner.service;

import dev.vernier.platform.error.TooLargeException;
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

  /** What raises the upload limit, named in the answer to an upload over it. */
  public static final String LIMIT_OPTION = "vernier serve --max-artifact-bytes";

  /**
   * Refuses a name that is not a plain file name: 1-128 letters, digits, dots, dashes or
   * underscores, not starting with a dot (so no {@code ..}, no {@code /}, no absolute path: a name
   * never leaves its folder).
   */
  public static void checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,128}") || name.startsWith(".")) {
      throw new dev.vernier.core.InvalidInputException(
          "name",
          "must be a plain file name: 1-128 letters, digits, dots, dashes or underscores, not"
              + " starting with a dot",
          name);
    }
  }

  /**
   * The stored file a worker names in its report: the path {@link #put} returned, absolute, or as
   * answers show it, relative to the service's {@code --data} folder (this store's parent). Empty
   * when it does not lie under this store's model files ({@code root/sha256/}). Nothing is read.
   */
  public Optional<Path> reported(String path) {
    try {
      Path p = Path.of(path);
      Path abs = (p.isAbsolute() ? p : root.getParent().resolve(p)).normalize();
      return abs.startsWith(root.resolve("sha256")) ? Optional.of(abs) : Optional.empty();
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
  }

  /**
   * Stores what {@code in} holds under {@code name} ({@link #checkName}) and returns its path. The
   * bytes go to a temporary file in this store's folder, counted as they come, and are moved into
   * place only when complete.
   *
   * @param maxBytes uploads larger than this are refused with {@link TooLargeException} (the rest
   *     of {@code in} is read and counted, not kept, so the answer says its size), leaving nothing
   *     on disk
   */
  public Path put(String name, InputStream in, long maxBytes) throws IOException {
    checkName(name);
    Path tmp = Files.createTempFile(root, ".upload-", ".tmp");
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      long n;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
        n = copy(in, out, maxBytes);
      }
      if (n > maxBytes) {
        throw new TooLargeException("body", maxBytes, n, LIMIT_OPTION);
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

  /**
   * Copies at most {@code max} bytes; past them, reads the rest without writing it. Returns the
   * bytes read: more than {@code max} means the upload is refused. A failure while reading past the
   * limit (the connection cut) ends the count there.
   */
  private static long copy(InputStream in, OutputStream out, long max) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int r;
    while ((r = in.read(buf)) >= 0) {
      if (total + r > max) {
        total += r;
        try {
          while ((r = in.read(buf)) >= 0) {
            total += r;
          }
        } catch (IOException e) {
          // refused anyway: the size seen so far is what the answer says
        }
        return total;
      }
      total += r;
      out.write(buf, 0, r);
    }
    return total;
  }
}
