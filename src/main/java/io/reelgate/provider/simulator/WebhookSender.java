package io.reelgate.provider.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.StandardWebhooks;

/**
 * Sends the simulators' webhooks exactly as the real APIs do: Standard Webhooks headers and
 * signature (re-signed with a fresh timestamp per attempt), any non-2xx (3xx included) is a
 * failure retried with doubling delays. Faults drop, duplicate, delay, reorder or advance them.
 * OpenAI's deliveries are events ({@link #send}); Replicate's are the prediction itself, to the
 * URL its create named ({@link #sendBody}).
 */
final class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private record Delivery(String webhookId, String body, String url) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Supplier<String> url;
    private final Supplier<String> secret;
    private final String userAgent;
    private final int maxAttempts;
    private final Duration retryBase;
    private final ScheduledExecutorService scheduler;
    private final FaultPlan faults;
    private final ObjectMapper json;
    private final List<Delivery> held = new ArrayList<>();

    WebhookSender(Supplier<String> url, String secret, int maxAttempts, Duration retryBase,
            ScheduledExecutorService scheduler, FaultPlan faults, ObjectMapper json) {
        this(url, () -> secret, "OpenAI/Sora-Simulator", maxAttempts, retryBase, scheduler, faults, json);
    }

    /** With a secret that can change (a rotation) and this sender's own user agent. */
    WebhookSender(Supplier<String> url, Supplier<String> secret, String userAgent, int maxAttempts, Duration retryBase,
            ScheduledExecutorService scheduler, FaultPlan faults, ObjectMapper json) {
        this.url = url;
        this.secret = secret;
        this.userAgent = userAgent;
        this.maxAttempts = maxAttempts;
        this.retryBase = retryBase;
        this.scheduler = scheduler;
        this.faults = faults;
        this.json = json;
    }

    void send(String type, String videoId) {
        if (faults.webhookDrop) {
            LOG.debugf("Simulator drops webhook %s for %s (fault)", type, videoId);
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", SoraSimulator.newId("evt_"));
        event.put("object", "event");
        event.put("created_at", Instant.now().getEpochSecond());
        event.put("type", type);
        event.put("data", Map.of("id", videoId));
        try {
            enqueue(new Delivery(SoraSimulator.newId("wh_"), json.writeValueAsString(event), url.get()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A delivery whose body is given (Replicate: the prediction), to {@code target}. */
    void sendBody(String target, String body) {
        if (faults.webhookDrop) {
            LOG.debugf("Simulator drops a webhook to %s (fault)", target);
            return;
        }
        enqueue(new Delivery(SoraSimulator.newId("msg_"), body, target));
    }

    private void enqueue(Delivery delivery) {
        if (faults.webhookDelayMs > 0) {
            hold(delivery);
        } else {
            dispatch(delivery);
        }
    }

    /** Delayed deliveries wait together; with the reverse fault the batch leaves newest first. */
    private void hold(Delivery delivery) {
        synchronized (held) {
            held.add(delivery);
            if (held.size() == 1) {
                scheduler.schedule(this::flush, faults.webhookDelayMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void flush() {
        List<Delivery> batch;
        synchronized (held) {
            batch = new ArrayList<>(held);
            held.clear();
        }
        if (faults.webhookReverse) {
            Collections.reverse(batch);
        }
        batch.forEach(this::dispatch);
    }

    private void dispatch(Delivery delivery) {
        attempt(delivery, 1);
        if (faults.webhookDuplicate) {
            attempt(delivery, 1);
        }
    }

    private void attempt(Delivery delivery, int attempt) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", userAgent)
                    .header("webhook-id", delivery.webhookId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", StandardWebhooks.sign(StandardWebhooks.key(secret.get()),
                            delivery.webhookId(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            LOG.warnf("Simulator webhook URL %s is invalid: %s", delivery.url(), e.getMessage());
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            boolean ok = error == null && response.statusCode() >= 200 && response.statusCode() < 300;
            if (ok) {
                return;
            }
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (attempt >= maxAttempts) {
                LOG.warnf("Simulator gave up on webhook %s after %d attempts (%s)", delivery.webhookId(), attempt, why);
                return;
            }
            long delay = retryBase.toMillis() << Math.min(attempt - 1, 20);
            LOG.debugf("Simulator webhook %s attempt %d failed (%s); retry in %d ms", delivery.webhookId(), attempt, why,
                    delay);
            scheduler.schedule(() -> attempt(delivery, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }
}
