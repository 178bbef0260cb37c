package io.reelgate.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;

import org.jboss.logging.Logger;

import io.reelgate.provider.ProviderError.Kind;

/**
 * The HTTP rules every adapter shares, on the JDK {@link HttpClient}:
 * <ul>
 * <li>429, 5xx and connection failures are retried with exponential backoff and full jitter
 * ({@code random(0, min(cap, base·2ⁿ))}), never sooner than the provider's hint
 * ({@code retry-after-ms}, {@code Retry-After}, or what the adapter's {@link ErrorReader} found in
 * the body), bounded by count and by a total wait; the last error is returned with its hint;</li>
 * <li>generation requests are not idempotent: after a timeout or broken connection once the request
 * was sent, or a 502/504 from a gateway, they are not retried but reported as
 * {@link Kind#UNKNOWN_OUTCOME}, for the pipeline to reconcile (a refused connection never reached
 * the provider and is retried);</li>
 * <li>an error body is read at most 64 KiB; every call is reported to a {@link CallObserver}.</li>
 * </ul>
 */
public final class ProviderHttp {

    private static final Logger LOG = Logger.getLogger(ProviderHttp.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** The calls of a provider API, and whether repeating one is harmless. */
    public enum Call {
        CREATE(false), REMIX(false), RETRIEVE(true), DOWNLOAD(true), LIST(true), CANCEL(true), DELETE(true), SECRET(true),
        /** An input file put in the provider's storage (fal): a repeat only leaves an unused file. */
        UPLOAD(true);

        final boolean idempotent;

        Call(boolean idempotent) {
            this.idempotent = idempotent;
        }
    }

    /** Told about every call: for metrics and the operator's health view. */
    public interface CallObserver {
        /** A call is about to be made (before its first attempt). */
        default void started(String provider, Call call) {
        }

        void finished(String provider, Call call, String outcome, int attempts, Duration elapsed);

        CallObserver NONE = (p, c, o, a, e) -> {
        };
    }

    /** Turns a non-2xx answer into the error model; {@code retryAfter} is what the headers said. */
    public interface ErrorReader {
        ProviderError read(int status, String body, Duration retryAfter);

        /** With the answer's headers, for providers that say more there (fal's {@code X-Fal-Retryable}). */
        default ProviderError read(int status, String body, Duration retryAfter, java.net.http.HttpHeaders headers) {
            return read(status, body, retryAfter);
        }
    }

    /** Finds the provider's retry hint in a non-2xx answer's headers. */
    public interface HintReader {
        Duration read(HttpResponse<?> response);
    }

    /** Reads a 2xx body. */
    public interface Parser<T> {
        T parse(String body) throws IOException;
    }

    private final String name;
    private final ProvidersConfig.Provider settings;
    private final Backoff backoff;
    private final Backoff.Sleeper sleeper;
    private final CallObserver observer;
    private final ErrorReader errors;
    private final HttpClient http;
    private final HintReader hints;

    public ProviderHttp(String name, ProvidersConfig.Provider settings, Backoff.Sleeper sleeper, Random random,
            CallObserver observer, ErrorReader errors, HttpClient.Redirect redirects) {
        this(name, settings, sleeper, random, observer, errors, redirects, ProviderHttp::retryAfter);
    }

    /** With the provider's own retry-hint headers ({@code hints}) instead of {@link #retryAfter}. */
    public ProviderHttp(String name, ProvidersConfig.Provider settings, Backoff.Sleeper sleeper, Random random,
            CallObserver observer, ErrorReader errors, HttpClient.Redirect redirects, HintReader hints) {
        this.hints = hints;
        this.name = name;
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), random);
        this.sleeper = sleeper;
        this.observer = observer;
        this.errors = errors;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).followRedirects(redirects).build();
    }

    /** A JSON call: exchange, then parse the 2xx body. */
    public <T> ProviderResult<T> json(Call call, HttpRequest request, Parser<T> parser) {
        ProviderResult<HttpResponse<String>> response = exchange(call, request, HttpResponse.BodyHandlers.ofString());
        if (!response.isOk()) {
            return ProviderResult.failed(response.error());
        }
        try {
            return ProviderResult.ok(parser.parse(response.value().body()));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s %s: unreadable response: %s", name, call, e.getMessage());
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "unreadable_response",
                    "The provider's answer could not be read: " + e.getMessage(), null, null,
                    response.value().statusCode()));
        }
    }

    /** Sends with retries; returns the 2xx response or the last error. */
    public <T> ProviderResult<HttpResponse<T>> exchange(Call call, HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        long started = System.nanoTime();
        observer.started(name, call);
        Duration waited = Duration.ZERO;
        ProviderError last = null;
        int attempt = 0;
        while (true) {
            attempt++;
            Duration retryAfter = null;
            try {
                HttpResponse<T> response = http.send(request, handler);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return finish(call, attempt, started, ProviderResult.ok(response));
                }
                ProviderError error = errors.read(status, bodyText(response.body()), hints.read(response), response.headers());
                if (!call.idempotent && (status == 502 || status == 504)) {
                    return finish(call, attempt, started, ProviderResult.failed(unknownOutcome(
                            "The gateway answered " + status + "; the request may have reached the provider")));
                }
                if (error.kind() != Kind.RATE_LIMITED && error.kind() != Kind.UNAVAILABLE) {
                    return finish(call, attempt, started, ProviderResult.failed(error));
                }
                last = error;
                retryAfter = error.retryAfter();
            } catch (HttpConnectTimeoutException | ConnectException e) {
                last = unavailable("Could not connect to the provider: " + describe(e));
            } catch (IOException e) {
                if (!call.idempotent) {
                    return finish(call, attempt, started, ProviderResult.failed(unknownOutcome(
                            "No answer after sending (" + describe(e) + "); the request may have reached the provider")));
                }
                last = unavailable("The provider did not answer: " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return finish(call, attempt, started, ProviderResult.failed(unavailable("Interrupted")));
            }
            if (attempt > settings.maxRetries()) {
                return finish(call, attempt, started, ProviderResult.failed(last));
            }
            Duration delay = backoff.delay(attempt - 1, retryAfter);
            if (waited.plus(delay).compareTo(settings.retryBudget()) > 0) {
                return finish(call, attempt, started, ProviderResult.failed(last));
            }
            LOG.debugf("%s %s attempt %d failed (%s); retrying in %d ms", name, call, attempt, last.code(), delay.toMillis());
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return finish(call, attempt, started, ProviderResult.failed(last));
            }
            waited = waited.plus(delay);
        }
    }

    /**
     * A finished video at a result URL handed back by the provider (a CDN, a signed link), fetched
     * without credentials: the provider's key never goes to another host. {@code missing} says what
     * is absent when there is no URL.
     */
    public ProviderResult<VideoContent> publicDownload(String url, String missing) {
        if (url == null) {
            return ProviderResult.failed(new ProviderError(Kind.NOT_FOUND, "no_output", missing, null, null, 404));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "bad_output_url", "The video URL is not a URL: "
                    + e.getMessage(), null, null, 0));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).header("User-Agent", "reelgate/1")
                .GET().build();
        return exchange(Call.DOWNLOAD, request, HttpResponse.BodyHandlers.ofInputStream()).map(VideoContent::of);
    }

    private <T> ProviderResult<T> finish(Call call, int attempts, long started, ProviderResult<T> result) {
        String outcome = result.isOk() ? "ok" : result.error().kind().name().toLowerCase();
        observer.finished(name, call, outcome, attempts, Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    /**
     * The kind for an HTTP status when the body says nothing more specific: 429 rate limited, 401/403
     * unauthorized, 404/410 not found, 400/422 invalid, 5xx unavailable.
     */
    public static Kind kindOf(int status) {
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return Kind.UNAUTHORIZED;
        }
        if (status == 404 || status == 410) {
            return Kind.NOT_FOUND;
        }
        if (status == 400 || status == 422) {
            return Kind.INVALID_REQUEST;
        }
        return status >= 500 ? Kind.UNAVAILABLE : Kind.OTHER;
    }

    /** {@code retry-after-ms} (OpenAI) wins over {@code Retry-After} (seconds or an HTTP date). */
    public static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> ms = response.headers().firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unparseable) {
                return null;
            }
        }
    }

    /** "HTTP 503: <the first 300 characters of the body>", for errors without a message. */
    public static String fallbackMessage(int status, String body) {
        return "HTTP " + status + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(body.length(), 300)));
    }

    private static String bodyText(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        return body.toString();
    }

    public static ProviderError unavailable(String message) {
        return new ProviderError(Kind.UNAVAILABLE, "provider_unavailable", message, null, null, 0);
    }

    private static ProviderError unknownOutcome(String message) {
        return new ProviderError(Kind.UNKNOWN_OUTCOME, "unknown_outcome", message, null, null, 0);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
