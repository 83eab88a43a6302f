package dev.vernier.kernels.cpu;

import java.lang.ref.Cleaner;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Native memory for the cpu backend: 64-byte aligned, zero-filled blocks from {@code vk_alloc},
 * freed by an explicit {@link Cleaner.Cleanable#clean()} (what {@code close()} calls) or, as a
 * safety net for a matrix nobody closed, once its pointer is unreachable.
 *
 * <p>The memory is deliberately not registered with JavaCPP's own deallocator, whose accounting
 * counts native bytes against the Java heap limit and would fail large datasets on a small heap.
 *
 * <p>A slice points into its allocation and keeps the allocation's pointer reachable, so the memory
 * of a view passed to native code cannot be collected under it.
 */
final class NativeMemory {
  private static final Cleaner CLEANER =
      Cleaner.create(
          r -> {
            Thread t = new Thread(r, "vernier-native-free");
            t.setDaemon(true);
            return t;
          });

  private NativeMemory() {}

  /** A new zero-filled block of {@code bytes} bytes; its address. */
  static long allocate(long bytes) {
    long address = CpuNative.vk_alloc(bytes);
    if (address == 0) {
      throw new OutOfMemoryError("cannot allocate " + bytes + " bytes of native memory");
    }
    return address;
  }

  /** Frees {@code address} when {@code owner} becomes unreachable or when cleaned, once. */
  static Cleaner.Cleanable freeLater(Object owner, long address) {
    return CLEANER.register(owner, new Free(address));
  }

  private record Free(long address) implements Runnable {
    @Override
    public void run() {
      CpuNative.vk_free(address);
    }
  }

  /** Floats at a fixed address; {@code owner} is the allocation a slice belongs to. */
  static final class Floats extends FloatPointer {
    private final Pointer owner;

    Floats(long address, long length, Pointer owner) {
      this.address = address;
      this.owner = owner;
      capacity(length);
    }

    /** {@code length} floats from {@code offset}, keeping this allocation alive. */
    Floats slice(long offset, long length) {
      return new Floats(address + offset * Float.BYTES, length, owner == null ? this : owner);
    }
  }

  /** Ints at a fixed address; {@code owner} is the allocation a slice belongs to. */
  static final class Ints extends IntPointer {
    private final Pointer owner;

    Ints(long address, long length, Pointer owner) {
      this.address = address;
      this.owner = owner;
      capacity(length);
    }

    Ints slice(long offset, long length) {
      return new Ints(address + offset * Integer.BYTES, length, owner == null ? this : owner);
    }
  }

  /** Doubles at a fixed address; {@code owner} is the allocation a slice belongs to. */
  static final class Doubles extends DoublePointer {
    private final Pointer owner;

    Doubles(long address, long length, Pointer owner) {
      this.address = address;
      this.owner = owner;
      capacity(length);
    }

    Doubles slice(long offset, long length) {
      return new Doubles(address + offset * Double.BYTES, length, owner == null ? this : owner);
    }
  }

  /**
   * Reusable scratch for one kernels instance (used by one thread at a time): grows, never shrinks,
   * freed by {@link #close()}.
   */
  static final class Scratch implements AutoCloseable {
    private Doubles doubles;
    private Cleaner.Cleanable freeDoubles;
    private Floats floats;
    private Cleaner.Cleanable freeFloats;
    private boolean closed;

    /** At least {@code n} doubles, contents undefined. */
    Doubles doubles(long n) {
      check();
      if (doubles == null || doubles.capacity() < n) {
        if (freeDoubles != null) {
          freeDoubles.clean();
        }
        long size = Math.max(n, doubles == null ? 1024 : 2 * doubles.capacity());
        doubles = new Doubles(allocate(size * Double.BYTES), size, null);
        freeDoubles = freeLater(doubles, doubles.address());
      }
      return doubles;
    }

    /** At least {@code n} floats, contents undefined. */
    Floats floats(long n) {
      check();
      if (floats == null || floats.capacity() < n) {
        if (freeFloats != null) {
          freeFloats.clean();
        }
        long size = Math.max(n, floats == null ? 1024 : 2 * floats.capacity());
        floats = new Floats(allocate(size * Float.BYTES), size, null);
        freeFloats = freeLater(floats, floats.address());
      }
      return floats;
    }

    private void check() {
      if (closed) {
        throw new IllegalStateException("kernels instance used after close");
      }
    }

    @Override
    public void close() {
      closed = true;
      if (freeDoubles != null) {
        freeDoubles.clean();
      }
      if (freeFloats != null) {
        freeFloats.clean();
      }
      doubles = null;
      floats = null;
    }
  }
}
