package dev.vernier.worker.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MemoryBudget}'s native share from the kernel's files, laid out here as Linux lays them
 * out: {@code MemAvailable}, lowered by a cgroup v2 memory limit (its reclaimable page cache
 * counted as free); unknown where neither exists.
 */
class MemoryBudgetTest {
  @TempDir Path dir;

  Path proc(String meminfo, String selfCgroup) throws Exception {
    Path proc = Files.createDirectories(dir.resolve("proc"));
    if (meminfo != null) {
      Files.writeString(proc.resolve("meminfo"), meminfo);
    }
    if (selfCgroup != null) {
      Files.writeString(
          Files.createDirectories(proc.resolve("self")).resolve("cgroup"), selfCgroup);
    }
    return proc;
  }

  static final String MEMINFO =
      "MemTotal:       24683520 kB\nMemFree:         1000000 kB\nMemAvailable:    2000000 kB\n";

  @Test
  void theMachinesAvailableMemoryWithoutALimit() throws Exception {
    Path cg = Files.createDirectories(dir.resolve("cgroup"));
    Files.writeString(cg.resolve("memory.max"), "max\n");
    assertEquals(2_000_000L * 1024, MemoryBudget.nativeAvailable(proc(MEMINFO, "0::/\n"), cg));
  }

  @Test
  void aCgroupLimitLowersItCountingReclaimablePageCache() throws Exception {
    Path cg = Files.createDirectories(dir.resolve("cgroup"));
    Path own = Files.createDirectories(cg.resolve("workers/w1"));
    Files.writeString(own.resolve("memory.max"), "1073741824\n");
    Files.writeString(own.resolve("memory.current"), "536870912\n");
    Files.writeString(own.resolve("memory.stat"), "anon 1\nfile 2\ninactive_file 134217728\n");
    assertEquals(
        1073741824L - 536870912L + 134217728L,
        MemoryBudget.nativeAvailable(proc(MEMINFO, "0::/workers/w1\n"), cg));
  }

  @Test
  void unknownWhereNothingCanBeRead() throws Exception {
    assertEquals(
        MemoryBudget.UNKNOWN,
        MemoryBudget.nativeAvailable(proc(null, null), dir.resolve("no-cgroup")));
  }

  @Test
  void theHeapShareIsWhatTheRuntimeCanStillGive() {
    MemoryBudget b = MemoryBudget.measure();
    assertTrue(b.heapBytes() > 0, b.toString());
    assertTrue(b.heapBytes() <= Runtime.getRuntime().maxMemory(), b.toString());
  }
}
