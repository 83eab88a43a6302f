package dev.vernier.bench.cli;

import dev.vernier.app.cli.DatabaseOptions;
import dev.vernier.bench.monitor.IngestBenchmark;
import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.db.DatabaseConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vernier bench ingest}: Kafka ingestion beside a bare consumer loop, with the monitor's id
 * memory (the default) and without it ({@code "deduplicate": false}).
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "N 20-feature JSON events on an embedded broker, read by a bare KafkaConsumer loop and by a",
      "monitor end to end (parse, store in count windows with the offsets, evaluate): events/s",
      "and the ratio to the bare loop, for a monitor as created by default (an inference id counts",
      "once: every id remembered) and one with \"deduplicate\": false (none remembered), a row each.",
      "The monitor's state is a fresh SQLite file per run, or the PostgreSQL --database (each run",
      "a new monitor in it)."
    })
final class BenchIngestCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DatabaseOptions database;

  @Option(names = "--events", defaultValue = "1000000", description = "Events (default: 1000000).")
  int events;

  @Option(
      names = "--window",
      description = "Events per count window (default: a tenth of --events, at most 10000).")
  Integer window;

  @Option(
      names = "--compression",
      defaultValue = "lz4",
      description = "The producer's compression: none, gzip, snappy, lz4, zstd (default: lz4).")
  String compression;

  @Option(
      names = "--methods",
      defaultValue = "",
      description = "Drift methods, comma-separated (default: the monitor's).")
  String methods;

  @Option(
      names = "--warmup",
      description = "Events of the untimed warm-up monitor (default: as many as --events).")
  Integer warmup;

  @Override
  public Integer call() throws IOException {
    if (events < 1 || events > 100_000_000) {
      throw new InvalidInputException("--events", "must be between 1 and 100000000", events);
    }
    if (window != null && window < 1) {
      throw new InvalidInputException("--window", "must be at least 1", window);
    }
    if (warmup != null && warmup < 0) {
      throw new InvalidInputException("--warmup", "must be at least 0", warmup);
    }
    if (!java.util.List.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
      throw new InvalidInputException(
          "--compression", "must be none, gzip, snappy, lz4 or zstd", compression);
    }
    IngestBenchmark.Options d = IngestBenchmark.Options.of(events);
    IngestBenchmark.Options o =
        new IngestBenchmark.Options(
            events,
            compression,
            window == null ? d.window() : window,
            methods,
            warmup == null ? d.warmup() : warmup);
    DatabaseConfig db = BenchDatabase.of(spec, database);
    Path dir = Files.createTempDirectory("vernier-ingest-");
    try {
      PrintWriter out = spec.commandLine().getOut();
      try (PrintStream table = new PrintStream(new LineWriter(out), true, StandardCharsets.UTF_8)) {
        IngestBenchmark.run(table, dir, o, db);
      }
      return 0;
    } finally {
      Folders.delete(dir);
    }
  }

  /** The benchmark's PrintStream onto the command's writer, a line at a time. */
  private static final class LineWriter extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineWriter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      line.write(b);
      if (b == '\n') {
        flush();
      }
    }

    @Override
    public void flush() {
      out.print(line.toString(StandardCharsets.UTF_8));
      out.flush();
      line.reset();
    }
  }
}
