package dev.vernier.worker.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What this process can still allocate, in bytes: on the Java heap ({@link Runtime#maxMemory()}
 * minus what is in use) and natively, outside the heap, where the cpu backend keeps its matrices
 * (Linux's {@code MemAvailable}, lowered to what the process's cgroup v2 memory limit leaves, its
 * reclaimable page cache counted as free). A component that cannot be measured is {@link #UNKNOWN},
 * and nothing is refused for it.
 *
 * @param heapBytes free Java heap, or {@link #UNKNOWN}
 * @param nativeBytes memory available outside the heap, or {@link #UNKNOWN}
 */
public record MemoryBudget(long heapBytes, long nativeBytes) {
  /** A component that could not be measured. */
  public static final long UNKNOWN = -1;

  /** The budget now: heap from the runtime, native memory from {@code /proc} and {@code /sys}. */
  public static MemoryBudget measure() {
    return measure(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
  }

  /** As {@link #measure()}, reading the kernel's files under the given folders (for tests). */
  static MemoryBudget measure(Path proc, Path cgroupRoot) {
    Runtime rt = Runtime.getRuntime();
    long max = rt.maxMemory();
    long heap =
        max == Long.MAX_VALUE ? UNKNOWN : Math.max(0, max - (rt.totalMemory() - rt.freeMemory()));
    return new MemoryBudget(heap, nativeAvailable(proc, cgroupRoot));
  }

  /**
   * Memory available to this process outside the Java heap: the machine's {@code MemAvailable}, or
   * less where the cgroup (v2) the process runs in has a memory limit; {@link #UNKNOWN} when
   * neither can be read (not Linux).
   */
  static long nativeAvailable(Path proc, Path cgroupRoot) {
    OptionalLong machine = meminfo(proc.resolve("meminfo"), "MemAvailable:");
    OptionalLong group = cgroupAvailable(proc.resolve("self/cgroup"), cgroupRoot);
    if (machine.isPresent() && group.isPresent()) {
      return Math.min(machine.getAsLong(), group.getAsLong());
    }
    return machine.isPresent() ? machine.getAsLong() : group.orElse(UNKNOWN);
  }

  /** A {@code /proc/meminfo} line's value in bytes (the file gives kB). */
  private static OptionalLong meminfo(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          String[] parts = line.substring(key.length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: unknown
    }
    return OptionalLong.empty();
  }

  /**
   * What the process's cgroup v2 memory limit leaves: {@code memory.max - memory.current +
   * inactive_file} (page cache the kernel reclaims before it fails an allocation), from the
   * process's own cgroup ({@code /proc/self/cgroup}'s {@code 0::/path}) or the mounted root (a
   * container's namespace); empty without a limit.
   */
  private static OptionalLong cgroupAvailable(Path selfCgroup, Path root) {
    try {
      Path dir = root;
      for (String line : Files.readAllLines(selfCgroup)) {
        if (line.startsWith("0::")) {
          Path own = root.resolve(line.substring(3).replaceFirst("^/+", ""));
          if (Files.isRegularFile(own.resolve("memory.max"))) {
            dir = own;
          }
        }
      }
      List<String> max = Files.readAllLines(dir.resolve("memory.max"));
      if (max.isEmpty() || max.get(0).trim().equals("max")) {
        return OptionalLong.empty();
      }
      long limit = Long.parseLong(max.get(0).trim());
      long current =
          Long.parseLong(Files.readAllLines(dir.resolve("memory.current")).get(0).trim());
      long inactiveFile = 0;
      for (String line : Files.readAllLines(dir.resolve("memory.stat"))) {
        if (line.startsWith("inactive_file ")) {
          inactiveFile = Long.parseLong(line.substring("inactive_file ".length()).trim());
        }
      }
      return OptionalLong.of(Math.max(0, limit - current + inactiveFile));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty(); // no cgroup v2 here, or not readable
    }
  }
}
