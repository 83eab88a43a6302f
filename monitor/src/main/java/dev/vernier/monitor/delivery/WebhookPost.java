package dev.vernier.monitor.delivery;

import dev.vernier.monitor.delivery.Attempt.Outcome;
import dev.vernier.monitor.storage.Webhook;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * One webhook attempt of the {@link AlertPublisher} and the classification of how it ended (see the
 * publisher's class comment for the contract): the host is resolved again and a private address
 * refused unless the webhook allows it ({@link WebhookAddresses}); the post is signed ({@link
 * WebhookSignature}) when the webhook has a secret; redirects are never followed; the attempt takes
 * at most the attempt timeout in all, the connection at most the connect timeout, and only an
 * {@link AnswerExcerpt} of the answer's body is read. Every failure becomes an {@link Attempt}
 * whose error says what happened, in one line. Thread-safe: posts run on the publisher's posting
 * threads.
 */
final class WebhookPost {
  // the publisher's logger: the warnings keep the name operators filter on
  private static final Logger LOG = Logger.getLogger(AlertPublisher.class.getName());

  private final LongFunction<String> payloads;
  private final Clock clock;
  private final Duration attemptTimeout;
  private final Duration connectTimeout;
  private final HttpClient http;
  private final Set<String> warnedUnsigned = ConcurrentHashMap.newKeySet();

  /**
   * @param payloads an alert's JSON by alert id
   * @param attemptTimeout the bound on one attempt in all; the connect timeout is {@link
   *     AlertPublisher#CONNECT_TIMEOUT} or this, whichever is shorter
   */
  WebhookPost(LongFunction<String> payloads, Clock clock, Duration attemptTimeout) {
    this.payloads = payloads;
    this.clock = clock;
    this.attemptTimeout = attemptTimeout;
    this.connectTimeout =
        attemptTimeout.compareTo(AlertPublisher.CONNECT_TIMEOUT) < 0
            ? attemptTimeout
            : AlertPublisher.CONNECT_TIMEOUT;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** One post of an alert to a webhook, bounded by the attempt timeout in all. */
  Attempt post(Webhook hook, long alertId) {
    String url = hook.url();
    if (!hook.allowPrivate()) {
      try {
        var p = WebhookAddresses.privateAddress(url);
        if (p.isPresent()) {
          return new Attempt(
              Outcome.RETRY,
              "not posted: "
                  + hook.host()
                  + " resolves to the private address "
                  + p.get().getHostAddress()
                  + " and the webhook was not registered with allowPrivate");
        }
      } catch (UnknownHostException e) {
        return new Attempt(Outcome.RETRY, "cannot resolve " + hook.host() + " (unknown host)");
      }
    }
    byte[] body = payloads.apply(alertId).getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(attemptTimeout)
            .header("Content-Type", "application/json")
            .header("X-Vernier-Alert", Long.toString(alertId))
            .header("Vernier-Webhook-Id", hook.id())
            .header("Vernier-Delivery-Id", alertId + "." + hook.id());
    if (hook.secret() != null) {
      b.header(
          WebhookSignature.HEADER,
          WebhookSignature.header(hook.secret(), clock.millis() / 1000, body));
    } else if (warnedUnsigned.add(hook.id())) {
      LOG.warning(
          "webhook "
              + hook.id()
              + " ("
              + hook.host()
              + ") has no secret: its posts are not signed until an administrator registers it"
              + " again (POST /api/v1/webhooks with its url; a secret is given or generated)");
    }
    AtomicInteger status = new AtomicInteger(); // the answer's status, once its headers came
    CompletableFuture<HttpResponse<String>> answer =
        http.sendAsync(
            b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            info -> {
              status.set(info.statusCode());
              return new AnswerExcerpt();
            });
    HttpResponse<String> r;
    try {
      r = answer.get(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return stalled(url, status.get());
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new Attempt(Outcome.RETRY, "interrupted: the service is stopping");
    } catch (ExecutionException e) {
      return failure(url, e.getCause(), status.get());
    }
    int code = r.statusCode();
    if (code / 100 == 2) {
      return Attempt.DELIVERED;
    }
    if (code / 100 == 3) {
      return new Attempt(
          Outcome.GIVE_UP,
          "redirects are not followed: HTTP "
              + code
              + redirectTarget(url, r.headers().firstValue("Location").orElse(null))
              + " from "
              + url
              + "; register the address it points to");
    }
    String excerpt = AnswerExcerpt.oneLine(r.body(), 200);
    // the form of this error predates the attempts' outcomes; receivers' dashboards may match it
    return new Attempt(
        Outcome.RETRY,
        "IllegalStateException: HTTP "
            + code
            + " from "
            + url
            + (excerpt.isEmpty() ? "" : ": " + excerpt));
  }

  /** " to HOST" of a redirect's Location (relative: the webhook's host), or why there is none. */
  private static String redirectTarget(String url, String location) {
    if (location == null) {
      return " (no Location)";
    }
    try {
      String host = URI.create(url).resolve(location.strip()).getHost();
      return host == null ? " (to a Location without a host)" : " to " + host;
    } catch (IllegalArgumentException e) {
      return " (to an unreadable Location)";
    }
  }

  private Attempt stalled(String url, int status) {
    return new Attempt(
        Outcome.STALLED,
        "no complete answer within "
            + text(attemptTimeout)
            + " from "
            + url
            + (status == 0
                ? " (no status line came)"
                : " (HTTP " + status + " came, then not the whole body)"));
  }

  /** The error of an attempt the HTTP client failed with {@code e}. */
  private Attempt failure(String url, Throwable e, int status) {
    URI u = URI.create(url);
    int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    String where = u.getHost() + ":" + port;
    if (e instanceof HttpConnectTimeoutException) {
      return new Attempt(
          Outcome.STALLED,
          "cannot connect to " + where + " within " + text(connectTimeout) + " (connect timeout)");
    }
    if (e instanceof HttpTimeoutException) {
      return stalled(url, status);
    }
    if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
      return new Attempt(Outcome.RETRY, "cannot resolve " + u.getHost() + " (unknown host)");
    }
    if (e instanceof ConnectException) {
      return new Attempt(
          Outcome.RETRY,
          "cannot connect to " + where + " (" + reason(e, "connection refused") + ")");
    }
    if (causedBy(e, SSLException.class)) {
      return new Attempt(
          Outcome.RETRY, "TLS with " + where + " failed (" + reason(e, "handshake failed") + ")");
    }
    if (e instanceof IOException) {
      return new Attempt(
          Outcome.RETRY,
          (status == 0 ? "the exchange with " : "the answer (HTTP " + status + ") from ")
              + url
              + " broke off ("
              + reason(e, e.getClass().getSimpleName())
              + ")");
    }
    return new Attempt(
        Outcome.RETRY, e.getClass().getSimpleName() + ": " + reason(e, "no message"));
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message of {@code e}'s causes, in lower case first, or {@code otherwise}. */
  private static String reason(Throwable e, String otherwise) {
    String found = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        found = t.getMessage();
      }
    }
    if (found == null) {
      return otherwise;
    }
    String s = AnswerExcerpt.oneLine(found, 200);
    return s.length() > 1 && Character.isLowerCase(s.charAt(1))
        ? Character.toLowerCase(s.charAt(0)) + s.substring(1)
        : s;
  }

  /** "10 s", or "500 ms" for a duration that is not whole seconds. */
  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
