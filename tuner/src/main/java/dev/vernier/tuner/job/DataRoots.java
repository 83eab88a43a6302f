package dev.vernier.tuner.job;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories an administrator allows jobs to read. A path in a job resolves against the first
 * root when relative, symbolic links are followed, and the real file must lie under a root: no
 * request can read outside them.
 */
public final class DataRoots {
  private final List<Path> roots;

  public DataRoots(List<Path> roots) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("at least one data root is needed");
    }
    this.roots =
        roots.stream()
            .map(
                r -> {
                  try {
                    return r.toRealPath();
                  } catch (IOException e) {
                    throw new IllegalArgumentException("data root " + r + " does not exist", e);
                  }
                })
            .toList();
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * The real path of an existing regular file under a root.
   *
   * @param field the JSON path named in errors
   */
  public Path resolveFile(String field, String text) {
    Path p;
    try {
      p = roots.get(0).resolve(text).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidInputException(field, "is not a valid path", text);
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      if (!p.startsWith(roots.get(0)) && roots.stream().noneMatch(p::startsWith)) {
        throw outside(field, text);
      }
      throw new InvalidInputException(field, "no such file under the data roots", text);
    }
    if (roots.stream().noneMatch(real::startsWith)) {
      throw outside(field, text);
    }
    if (!Files.isRegularFile(real)) {
      throw new InvalidInputException(field, "must be a regular file", text);
    }
    return real;
  }

  private InvalidInputException outside(String field, String text) {
    return new InvalidInputException(field, "must lie under a configured data root " + roots, text);
  }
}
