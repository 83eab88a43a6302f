package dev.vernier.monitor.drift;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads what {@code np.savez} writes: a zip of {@code .npy} files. Only what the fixtures hold:
 * one-dimensional little-endian float64 arrays ({@code '<f8'}, C order), format versions 1 to 3.
 */
final class Npz {
  private Npz() {}

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),?\\)");

  /** The arrays by name (the entry name without {@code .npy}). */
  static Map<String, double[]> read(InputStream in) throws IOException {
    Map<String, double[]> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        String name = e.getName().replaceFirst("\\.npy$", "");
        out.put(name, npy(zip.readAllBytes(), name));
      }
    }
    return out;
  }

  static double[] npy(byte[] bytes, String name) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    b.get(magic);
    if (magic[0] != (byte) 0x93
        || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IllegalArgumentException(name + ": not a .npy file");
    }
    int major = b.get();
    b.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
    byte[] header = new byte[headerLength];
    b.get(header);
    String h =
        new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(h);
    Matcher shape = SHAPE.matcher(h);
    if (!descr.find() || !descr.group(1).equals("<f8") || h.contains("'fortran_order': True")) {
      throw new IllegalArgumentException(
          name + ": only little-endian float64 in C order, got " + h);
    }
    if (!shape.find()) {
      throw new IllegalArgumentException(name + ": only one-dimensional arrays, got " + h);
    }
    double[] values = new double[Integer.parseInt(shape.group(1))];
    b.asDoubleBuffer().get(values);
    return values;
  }
}
