package dev.vernier.app.server;

import dev.vernier.core.InvalidInputException;

/**
 * The largest request bodies the server takes, by kind of route. Bodies are read whole into memory
 * only up to the largest of these; artifact uploads are streamed to disk under their own limit.
 *
 * @param jsonBytes job, monitor, webhook, token and fleet documents ({@code serve
 *     --max-json-bytes})
 * @param ingestBytes one batch of events or labels posted to a monitor ({@code serve
 *     --max-ingest-bytes})
 * @param artifactBytes one model file uploaded by a worker, streamed to disk ({@code serve
 *     --max-artifact-bytes})
 */
public record RequestLimits(long jsonBytes, long ingestBytes, long artifactBytes) {
  /** The default limit of an uploaded model file: 1 GiB. */
  public static final long DEFAULT_ARTIFACT_BYTES = 1L << 30;

  /** 1 MiB for documents (a spec is a few KiB), 64 MiB for an ingestion batch, 1 GiB a model. */
  public static final RequestLimits DEFAULT =
      new RequestLimits(1L << 20, 64L << 20, DEFAULT_ARTIFACT_BYTES);

  /** Limits with the default artifact limit. */
  public RequestLimits(long jsonBytes, long ingestBytes) {
    this(jsonBytes, ingestBytes, DEFAULT_ARTIFACT_BYTES);
  }

  /** The most any limit may be: bodies under these limits are held in memory. */
  public static final long MAX = 1L << 30;

  public RequestLimits {
    check("--max-json-bytes", jsonBytes);
    check("--max-ingest-bytes", ingestBytes);
    if (artifactBytes < 1) {
      throw new InvalidInputException(
          "--max-artifact-bytes", "must be at least 1", String.valueOf(artifactBytes));
    }
  }

  /** The same limits with another artifact limit. */
  public RequestLimits withArtifactBytes(long bytes) {
    return new RequestLimits(jsonBytes, ingestBytes, bytes);
  }

  /** The largest body any route takes (Micronaut's {@code max-request-size}). */
  public long largest() {
    return Math.max(buffered(), artifactBytes);
  }

  private static void check(String option, long bytes) {
    if (bytes < 1024 || bytes > MAX) {
      throw new InvalidInputException(
          option, "must be between 1024 and " + MAX + " bytes", String.valueOf(bytes));
    }
  }

  /** The size up to which Micronaut may buffer a body in memory. */
  public long buffered() {
    return Math.max(jsonBytes, ingestBytes);
  }
}
