package dev.vernier.worker.runtime;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetFormat;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.core.fleet.TrialAssignment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a channel once per worker and keeps it: trials of a job share their data.
 *
 * <p>With data roots, every file is opened by its real path (links resolved) only when that lies
 * under a root and outside the excluded folders, checked just before the file is read, and opened
 * from its root one folder at a time without following a link ({@link
 * DatasetReaders#readConfined(Path, Path, DatasetFormat, List, java.util.function.UnaryOperator)}):
 * a channel file, a file of a channel folder, or a folder on their path, swapped for a link out of
 * the roots after its job was checked is refused, without showing where the link points.
 *
 * <p>Where a channel lies: at the service's path when this worker sees it under one of its roots (a
 * worker on the service's machine, or with the same mounts); otherwise by the channel's name
 * relative to the service's data root, looked up under this worker's roots in order (a remote
 * worker with the datasets mounted elsewhere). Without roots the service's path is read as it is.
 */
final class DatasetCache {
  private static final int KEPT = 4;

  private final List<Path> roots;
  private final List<Path> excluded;
  private final Map<TrialAssignment.ChannelData, Dataset> cache =
      new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TrialAssignment.ChannelData, Dataset> e) {
          return size() > KEPT;
        }
      };

  /**
   * @param roots the folders channels must lie in (real paths are compared), or empty for no check
   */
  DatasetCache(List<Path> roots) {
    this(roots, List.of());
  }

  /**
   * @param excluded folders never read as data (the service's state folder), except through a root
   *     that lies inside one (its retraining folder)
   */
  DatasetCache(List<Path> roots, List<Path> excluded) {
    this.roots = roots.stream().map(DatasetCache::real).toList();
    this.excluded = excluded.stream().map(DatasetCache::real).toList();
  }

  synchronized Dataset get(TrialAssignment.ChannelData ch) {
    return cache.computeIfAbsent(ch, this::read);
  }

  private Dataset read(TrialAssignment.ChannelData c) {
    Path features = locate(c.path(), c.name());
    Path labels = c.labels() == null ? null : locate(c.labels(), c.labelsName());
    DatasetFormat format =
        c.format() == null || c.format().equals("auto")
            ? null
            : DatasetFormat.parse("format", c.format());
    Dataset d =
        roots.isEmpty()
            ? DatasetReaders.read(features, labels, format)
            : DatasetReaders.readConfined(
                features, labels, format, roots, f -> checked(c.path(), f));
    if (c.name() == null || !d.name().startsWith(features.toString())) {
      return d;
    }
    // provenance names the data as the job does (relative to its root), not by this machine's path
    String named = c.name() + d.name().substring(features.toString().length());
    return new Dataset(named, d.rows(), d.cols(), d.features(), d.labels());
  }

  /**
   * The real path to read for a channel: the service's {@code path} when it lies under a root of
   * this worker, else {@code name} (or a relative {@code path}) under the first root that has it.
   */
  private Path locate(String path, String name) {
    Path p = Path.of(path);
    if (roots.isEmpty()) {
      return p;
    }
    if (p.isAbsolute()) {
      boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
      Path real = exists ? realOrNull(p) : null;
      if (real != null && allowed(real)) {
        return real;
      }
      if (name == null) {
        throw exists ? outside(path) : new InvalidInputException(path, "cannot be opened", null);
      }
    }
    String relative = name != null ? name : p.isAbsolute() ? null : path;
    if (relative == null) {
      throw new InvalidInputException(
          path, "is not under this worker's data roots " + roots + " and has no name there", null);
    }
    for (Path root : roots) {
      Path candidate = root.resolve(relative);
      if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return checked(relative, candidate);
      }
    }
    throw new InvalidInputException(
        relative,
        "is under none of this worker's data roots "
            + roots
            + " (give the worker a --data-root that holds it, as the service's does)",
        null);
  }

  /** The real path of {@code file}, which must lie under a root and outside excluded folders. */
  private Path checked(String shown, Path file) {
    Path real = realOrNull(file);
    if (real == null) {
      throw new InvalidInputException(shown, "cannot be opened", null);
    }
    if (!allowed(real)) {
      throw outside(shown);
    }
    return real;
  }

  private static InvalidInputException outside(String shown) {
    return new InvalidInputException(
        shown,
        "must lie under a data root of this worker (and outside the service's state folder);"
            + " it resolves (through a link) to a file outside them",
        null);
  }

  /** Whether {@code real} lies under a root, and not in an excluded folder outside that root. */
  private boolean allowed(Path real) {
    for (Path r : roots) {
      if (real.startsWith(r)
          && excluded.stream().noneMatch(e -> real.startsWith(e) && !r.startsWith(e))) {
        return true;
      }
    }
    return false;
  }

  private static Path realOrNull(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  private static Path real(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root.toAbsolutePath().normalize();
    }
  }
}
