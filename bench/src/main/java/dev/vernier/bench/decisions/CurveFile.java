package dev.vernier.bench.decisions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learning curves {@code bench decisions --curves FILE} records: one CSV row per epoch a trial
 * reported, {@code job,seed,trial,state,started,epoch,value,recorded} (times in epoch
 * milliseconds). {@link MedianReplay} reads them back to replay stopping rules without training.
 */
public final class CurveFile {
  /** The file's first line. */
  public static final String HEADER = "job,seed,trial,state,started,epoch,value,recorded";

  private CurveFile() {}

  /** Writes one epoch's row. */
  static void write(
      PrintWriter out,
      String job,
      long seed,
      int trial,
      String state,
      long startedAt,
      int epoch,
      double value,
      long recordedAt) {
    out.printf(
        Locale.ROOT,
        "%s,%d,%d,%s,%d,%d,%s,%d%n",
        job,
        seed,
        trial,
        state,
        startedAt,
        epoch,
        Double.toString(value),
        recordedAt);
  }

  /**
   * One trial's curve: its values after each epoch and how long each epoch took (the first from the
   * trial's start), in milliseconds.
   */
  public record Curve(int trial, String state, List<Double> values, List<Long> durations) {
    public Curve {
      values = List.copyOf(values);
      durations = List.copyOf(durations);
    }
  }

  /** A recorded job: its kind as the benchmark names it, its seed, its trials in number order. */
  public record Job(String kind, long seed, List<Curve> trials) {
    public Job {
      trials = List.copyOf(trials);
    }
  }

  /** Reads a file {@code --curves} wrote: its jobs in the order they appear. */
  public static List<Job> read(Path file) throws IOException {
    return parse(Files.readAllLines(file));
  }

  /** Parses the lines of a curve file (the header, when present, is skipped). */
  public static List<Job> parse(List<String> lines) {
    Map<String, Map<Integer, List<String[]>>> jobs = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isBlank() || line.equals(HEADER)) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length != 8) {
        throw new IllegalArgumentException("a curve row needs 8 fields: " + line);
      }
      jobs.computeIfAbsent(f[0] + "," + f[1], k -> new TreeMap<>())
          .computeIfAbsent(Integer.parseInt(f[2]), k -> new ArrayList<>())
          .add(f);
    }
    List<Job> out = new ArrayList<>();
    for (var j : jobs.entrySet()) {
      String[] key = j.getKey().split(",");
      List<Curve> trials = new ArrayList<>();
      for (var t : j.getValue().entrySet()) {
        List<String[]> rows = new ArrayList<>(t.getValue());
        rows.sort((a, b) -> Integer.compare(Integer.parseInt(a[5]), Integer.parseInt(b[5])));
        List<Double> values = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        long prev = Long.parseLong(rows.get(0)[4]);
        for (String[] r : rows) {
          long at = Long.parseLong(r[7]);
          values.add(Double.parseDouble(r[6]));
          durations.add(Math.max(0, at - prev));
          prev = at;
        }
        trials.add(new Curve(t.getKey(), rows.get(0)[3], values, durations));
      }
      out.add(new Job(key[0], Long.parseLong(key[1]), trials));
    }
    return out;
  }
}
