package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories an administrator allows jobs to read. A path in a job resolves against the first
 * root when relative, symbolic links are followed, and the real file must lie under a root: no
 * request can read outside them.
 *
 * <p>The service's own folders that its own jobs read (the monitor's retraining datasets under
 * {@code --data}) are <em>service roots</em>: {@link #checkServiceFile} accepts them, {@link
 * #resolveFile} (what users' requests go through) never does.
 */
public final class DataRoots {
  private final List<Path> roots;
  private final List<Path> serviceRoots;
  private final List<Path> excluded;

  public DataRoots(List<Path> roots) {
    this(real(roots), List.of(), List.of());
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("at least one data root is needed");
    }
  }

  private DataRoots(List<Path> roots, List<Path> serviceRoots, List<Path> excluded) {
    this.roots = roots;
    this.serviceRoots = serviceRoots;
    this.excluded = excluded;
  }

  /**
   * These roots, minus folders that are never data whatever the roots (the service's state folder,
   * which holds its database and tokens' hashes, may lie under the default root {@code .}). A
   * folder that does not exist yet is excluded as it would be resolved.
   */
  public DataRoots excluding(List<Path> dirs) {
    java.util.ArrayList<Path> all = new java.util.ArrayList<>(excluded);
    for (Path d : dirs) {
      try {
        all.add(d.toRealPath());
      } catch (IOException e) {
        all.add(d.toAbsolutePath().normalize());
      }
    }
    return new DataRoots(roots, serviceRoots, List.copyOf(all));
  }

  /** Refuses a real path in an excluded folder. */
  private void notExcluded(String field, Path real, String text) {
    if (excluded.stream().anyMatch(real::startsWith)) {
      throw new InvalidInputException(
          field, "lies in the service's state folder, which is never readable as data", text);
    }
  }

  private static List<Path> real(List<Path> dirs) {
    return dirs.stream()
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

  /**
   * These roots plus folders of the service's own that only the jobs it submits itself may read
   * (each must exist).
   */
  public DataRoots withServiceRoots(List<Path> dirs) {
    java.util.ArrayList<Path> all = new java.util.ArrayList<>(serviceRoots);
    all.addAll(real(dirs));
    return new DataRoots(roots, List.copyOf(all), excluded);
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * {@code real} (a path these roots resolved) relative to the first root it lies under, as a job
   * names it ({@code train.csv}): what a remote worker looks up under its own roots; null when it
   * lies under none (a service root's file).
   */
  public String nameOf(Path real) {
    for (Path root : roots) {
      if (real.startsWith(root) && !real.equals(root)) {
        return root.relativize(real).toString();
      }
    }
    return null;
  }

  /** The folders only the service's own jobs may read. */
  public List<Path> serviceRoots() {
    return serviceRoots;
  }

  /**
   * Checks a file named by a job the service submits itself: its real path must be an existing
   * regular file, or a folder whose data files all are, under a data root or a service root.
   *
   * @param field the job field named in errors
   * @return the real path
   */
  public Path checkServiceFile(String field, Path file) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw new InvalidInputException(field, "no such file", file.toString());
    }
    if (!readable(real)) {
      throw new InvalidInputException(
          field,
          "must lie under a configured data root " + roots + " or a service folder " + serviceRoots,
          file.toString());
    }
    if (Files.isDirectory(real)) {
      // a user's folder channel kept by a retraining job: each of its files is checked again
      for (Path f : DatasetReaders.folderFiles(real)) {
        try {
          if (!readable(f.toRealPath())) {
            throw new InvalidInputException(
                field, "holds a link to a file outside the data roots", f.toString());
          }
        } catch (IOException e) {
          throw new InvalidInputException(field, "holds a file that cannot be read", f.toString());
        }
      }
      return real;
    }
    if (!Files.isRegularFile(real)) {
      throw new InvalidInputException(field, "must be a regular file", file.toString());
    }
    return real;
  }

  private boolean readable(Path real) {
    return roots.stream().anyMatch(real::startsWith)
        || serviceRoots.stream().anyMatch(real::startsWith);
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
    notExcluded(field, real, text);
    if (!Files.isRegularFile(real)) {
      throw new InvalidInputException(field, "must be a regular file", text);
    }
    return real;
  }

  /**
   * The real path of an existing regular file or folder under a root. A folder is read as one
   * dataset ({@link DatasetReaders#read}); each of its data files must itself resolve, links
   * followed, to a regular file under a root, so a link in the folder cannot reach outside.
   *
   * @param field the JSON path named in errors
   */
  public Path resolveFileOrFolder(String field, String text) {
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
      return resolveFile(field, text);
    }
    if (!Files.isDirectory(real)) {
      return resolveFile(field, text);
    }
    if (roots.stream().noneMatch(real::startsWith)) {
      throw outside(field, text);
    }
    notExcluded(field, real, text);
    List<Path> files = DatasetReaders.folderFiles(real);
    if (files.isEmpty()) {
      throw new InvalidInputException(
          field, "is a folder with no data files (hidden files are skipped)", text);
    }
    for (Path f : files) {
      Path r;
      try {
        r = f.toRealPath();
      } catch (IOException e) {
        throw new InvalidInputException(field, "holds a file that cannot be read", f.toString());
      }
      if (roots.stream().noneMatch(r::startsWith)) {
        throw new InvalidInputException(
            field,
            "holds a link to a file outside the configured data roots " + roots,
            real.relativize(f).toString());
      }
      notExcluded(field, r, real.relativize(f).toString());
    }
    return real;
  }

  private InvalidInputException outside(String field, String text) {
    return new InvalidInputException(field, "must lie under a configured data root " + roots, text);
  }
}
