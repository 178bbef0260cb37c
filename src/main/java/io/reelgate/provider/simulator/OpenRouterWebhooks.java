package io.reelgate.provider.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.reelgate.provider.openrouter.OpenRouterSignature;

/**
 * Sends the simulated OpenRouter's terminal webhooks to a job's {@code callback_url}: signed
 * {@code t=,v1=} with the workspace secret (re-signed per attempt), deduplicatable by
 * {@code X-OpenRouter-Idempotency-Key} ({@code {jobId}-{status}}), any non-2xx retried with doubling
 * delays. The shared faults drop, duplicate or delay them; {@code webhookForge} signs with a wrong
 * secret and {@code webhookStale} with a timestamp ten minutes old.
 */
final class OpenRouterWebhooks {

    private static final Logger LOG = Logger.getLogger(OpenRouterWebhooks.class);
    private static final String FORGED_SECRET = "not-the-workspace-secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String secret;
    private final int maxAttempts;
    private final Duration retryBase;
    private final ScheduledExecutorService scheduler;
    private final FaultPlan faults;

    OpenRouterWebhooks(String secret, int maxAttempts, Duration retryBase, ScheduledExecutorService scheduler,
            FaultPlan faults) {
        this.secret = secret;
        this.maxAttempts = maxAttempts;
        this.retryBase = retryBase;
        this.scheduler = scheduler;
        this.faults = faults;
    }

    void send(String url, String idempotencyKey, String body) {
        if (faults.webhookDrop) {
            LOG.debugf("OpenRouter simulator drops webhook %s (fault)", idempotencyKey);
            return;
        }
        Runnable dispatch = () -> {
            attempt(url, idempotencyKey, body, 1);
            if (faults.webhookDuplicate) {
                attempt(url, idempotencyKey, body, 1);
            }
        };
        if (faults.webhookDelayMs > 0) {
            scheduler.schedule(dispatch, faults.webhookDelayMs, TimeUnit.MILLISECONDS);
        } else {
            dispatch.run();
        }
    }

    private void attempt(String url, String idempotencyKey, String body, int attempt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond() - (faults.webhookStale ? 600 : 0);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "OpenRouter-Webhooks (simulated)")
                    .header(OpenRouterSignature.HEADER, OpenRouterSignature.header(
                            faults.webhookForge ? FORGED_SECRET : secret, timestamp, bytes))
                    .header(OpenRouterSignature.IDEMPOTENCY_HEADER, idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        } catch (IllegalArgumentException e) {
            LOG.warnf("OpenRouter simulator: callback_url %s is invalid: %s", url, e.getMessage());
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() >= 200 && response.statusCode() < 300) {
                return;
            }
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (attempt >= maxAttempts) {
                LOG.warnf("OpenRouter simulator gave up on webhook %s after %d attempts (%s)", idempotencyKey, attempt,
                        why);
                return;
            }
            long delay = retryBase.toMillis() << Math.min(attempt - 1, 20);
            scheduler.schedule(() -> attempt(url, idempotencyKey, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }
}
