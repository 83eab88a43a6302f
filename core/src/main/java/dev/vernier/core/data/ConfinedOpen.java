package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.List;
import java.util.Set;

/**
 * Opens a checked real path without following a link anywhere on it, for {@link
 * DatasetReaders#readConfined}: from the deepest root that holds it, each folder is opened relative
 * to the one before and the file relative to its folder, every step with {@code O_NOFOLLOW} ({@link
 * SecureDirectoryStream}'s {@code openat}). Plain Java: no file descriptor numbers, no {@code
 * /proc}, no {@code --add-opens}.
 *
 * <p>Comparing the opened file's identity with the checked path's afterwards would need the open
 * descriptor's {@code fstat}, which Java does not expose for a channel ({@code /proc/self/fd/N}
 * needs the descriptor's number, private to {@code FileDescriptor}); walking with {@code openat}
 * makes the check unnecessary, since no step can follow a link.
 */
final class ConfinedOpen {
  private static final Set<OpenOption> READ_NO_FOLLOW =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private ConfinedOpen() {}

  /**
   * @param real the file's real path, as the confining check returned it
   * @param roots real folders the walk may start from (the deepest holding {@code real}); the
   *     filesystem's root when none does
   * @throws InvalidInputException the file or a folder on its path is a link now
   */
  static SeekableByteChannel open(Path real, List<Path> roots) throws IOException {
    Path start = real.getRoot();
    for (Path r : roots) {
      if (real.startsWith(r)
          && !real.equals(r)
          && (start == null || r.getNameCount() > start.getNameCount())) {
        start = r;
      }
    }
    if (start == null || !real.isAbsolute()) {
      throw new IllegalArgumentException("a confined read needs an absolute real path: " + real);
    }
    Path rel = start.relativize(real);
    DirectoryStream<Path> first = Files.newDirectoryStream(start);
    if (!(first instanceof SecureDirectoryStream<Path> dir)) {
      // no openat here: at least the file's own name is not followed
      first.close();
      try {
        return Files.newByteChannel(real, READ_NO_FOLLOW);
      } catch (IOException e) {
        if (Files.isSymbolicLink(real)) {
          throw becameLink(real, null);
        }
        throw e;
      }
    }
    SecureDirectoryStream<Path> at = dir;
    try {
      for (int i = 0; i < rel.getNameCount() - 1; i++) {
        Path name = rel.getName(i);
        SecureDirectoryStream<Path> next;
        try {
          next = at.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          if (isLink(at, name)) {
            throw becameLink(real, name);
          }
          throw e;
        }
        at.close();
        at = next;
      }
      Path name = rel.getFileName();
      try {
        return at.newByteChannel(name, READ_NO_FOLLOW);
      } catch (IOException e) {
        if (isLink(at, name)) {
          throw becameLink(real, null);
        }
        throw e;
      }
    } finally {
      at.close();
    }
  }

  /** Whether {@code name} in the open folder {@code dir} is a link (false when it cannot tell). */
  private static boolean isLink(SecureDirectoryStream<Path> dir, Path name) {
    try {
      return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes()
          .isSymbolicLink();
    } catch (IOException e) {
      return false;
    }
  }

  /** The file, or {@code folder} on its path, is a link now: where it points is not shown. */
  private static InvalidInputException becameLink(Path file, Path folder) {
    return new InvalidInputException(
        file.getFileName().toString(),
        folder == null
            ? "became a link after it was checked; not read"
            : "its folder '" + folder + "' became a link after the file was checked; not read",
        null);
  }
}
