package dev.vernier.app.cli;

import dev.vernier.app.server.RequestLimits;
import picocli.CommandLine.Option;

/** The request-size options of {@code vernier serve}: the largest bodies it takes, by route. */
final class RequestLimitOptions {
  @Option(
      names = "--max-json-bytes",
      defaultValue = "1048576",
      description =
          "Largest body of a document request (a job, a monitor, a webhook; default:"
              + " ${DEFAULT-VALUE}, 1 MiB); larger ones are answered 413.")
  long maxJsonBytes;

  @Option(
      names = "--max-ingest-bytes",
      defaultValue = "67108864",
      description =
          "Largest batch of events or labels posted to a monitor (default: ${DEFAULT-VALUE},"
              + " 64 MiB); larger ones are answered 413.")
  long maxIngestBytes;

  @Option(
      names = "--max-artifact-bytes",
      defaultValue = "1073741824",
      description =
          "The most bytes a model file uploaded by a worker may have; larger uploads are refused"
              + " with 413 (default: ${DEFAULT-VALUE}, 1 GiB).")
  long maxArtifactBytes;

  /** The limits these options give, checked by {@link RequestLimits}. */
  RequestLimits requestLimits() {
    return new RequestLimits(maxJsonBytes, maxIngestBytes, maxArtifactBytes);
  }
}
