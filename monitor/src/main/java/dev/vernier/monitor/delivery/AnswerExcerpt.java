package dev.vernier.monitor.delivery;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A webhook receiver's answer body, of which only the first {@link #KEPT} bytes are kept (for the
 * delivery's last error) and the rest is never read: once that much has come the subscription is
 * cancelled, which closes the connection, and the answer counts as complete. A receiver's body is
 * never needed beyond that, and reading all of an endless or huge one would hold the attempt.
 *
 * <p>One instance per answer; its methods are called by the HTTP client, one at a time.
 */
final class AnswerExcerpt implements HttpResponse.BodySubscriber<String> {
  /** The bytes kept of an answer body. */
  static final int KEPT = 1024;

  private final CompletableFuture<String> body = new CompletableFuture<>();
  private final byte[] kept = new byte[KEPT];
  private int size;
  private volatile boolean done;
  private Flow.Subscription subscription;

  @Override
  public CompletionStage<String> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (done) {
      return;
    }
    for (ByteBuffer b : items) {
      int n = Math.min(b.remaining(), KEPT - size);
      b.get(kept, size, n);
      size += n;
    }
    if (size >= KEPT) {
      done = true;
      subscription.cancel();
      finish();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!done) {
      done = true;
      body.completeExceptionally(t);
    }
  }

  @Override
  public void onComplete() {
    if (!done) {
      done = true;
      finish();
    }
  }

  private void finish() {
    body.complete(new String(kept, 0, size, StandardCharsets.UTF_8));
  }

  /**
   * {@code text} for a one-line error: control characters and runs of white space as one space, at
   * most {@code max} characters (then ending in "...").
   */
  static String oneLine(String text, int max) {
    String s = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return s.length() > max ? s.substring(0, max - 3) + "..." : s;
  }
}
