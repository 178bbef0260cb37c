package io.reelgate.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.outbox.Attempt;
import io.reelgate.outbox.Outbox;
import io.reelgate.outbox.OutboxTable;
import io.reelgate.outbox.Retries;
import io.reelgate.provider.StandardWebhooks;
import io.reelgate.web.SqlRow;
import io.reelgate.team.ChangeRefused;

/**
 * Delivers the {@code webhook_delivery} outbox through {@code outbox/Outbox}: due rows of enabled
 * endpoints are claimed under a lease, so several instances never send one delivery at the same
 * time; a crash mid-send leaves the row to be sent again once the lease runs out (receivers dedupe
 * on {@code webhook-id}, which stays the same across attempts).
 * <p>
 * Each request is signed with the Standard Webhooks scheme: {@code webhook-id},
 * {@code webhook-timestamp} (of this attempt) and {@code webhook-signature} carrying
 * {@code v1,<HMAC>} for the endpoint's secret and, during a rotation, a second one for the
 * previous secret. A 2xx answer delivers it; anything else (or no answer within the timeout) is
 * retried with doubling delays until {@code retry-for} after the event, then given up
 * ({@code FAILED}). Redirects are not followed, and in production the host is checked again at
 * every send to resolve to public addresses only.
 */
@ApplicationScoped
public class WebhookSender {

    private static final int MAX_ERROR = 300;

    /**
     * Pending deliveries of enabled endpoints are claimed, oldest due first; a delivery is given up
     * ({@code FAILED}) once its next attempt would come {@code retry-for} after the event, and kept
     * for the log {@code keep-for} after the event.
     */
    static final OutboxTable OUTBOX = OutboxTable.of("webhook-deliveries", "webhook_delivery", "state = 'PENDING'",
            "state = 'DELIVERED', delivered_at = now()")
            .ready("exists (select 1 from webhook_endpoint e where e.id = webhook_delivery.endpoint_id and e.enabled)")
            .order("next_attempt_at, id").gaveUp("state = 'FAILED'");

    /** One claimed delivery with what signing it needs. */
    record Claimed(long id, String url, String eventId, String payload, String secret, String previousSecret) {
    }

    private final EntityManager em;
    private final ApiConfig config;
    private final HttpClient http;
    private final Outbox outbox;

    WebhookSender(EntityManager em, ApiConfig config, Outbox outbox) {
        this.em = em;
        this.outbox = outbox;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Scheduled(every = "${reelgate.api.webhooks.interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        deliverDue();
    }

    /** Sends every due delivery once; returns how many were delivered. */
    public int deliverDue() {
        ApiConfig.Webhooks w = config.webhooks();
        return outbox.sweep(OUTBOX, Retries.backoff(w.retryBase(), w.maxDelay()).givingUpAfter(w.retryFor())
                .keepingFor(w.keepFor()), this::load, c -> List.of(c.id()), this::send);
    }

    /** One attempt: delivered on a 2xx; the status (if any) goes into {@code last_status}. */
    Attempt send(Claimed c) {
        try {
            URI uri = URI.create(c.url());
            if (!config.webhooks().allowPrivate()) {
                WebhookEndpoints.publicOnly(uri.getHost());
            }
            byte[] body = c.payload().getBytes(StandardCharsets.UTF_8);
            long timestamp = Instant.now().getEpochSecond();
            String signature = StandardWebhooks.sign(StandardWebhooks.key(c.secret()), c.eventId(), timestamp, body);
            if (c.previousSecret() != null) {
                signature += " " + StandardWebhooks.sign(StandardWebhooks.key(c.previousSecret()), c.eventId(), timestamp, body);
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.webhooks().timeout())
                    .header("content-type", "application/json").header("user-agent", "Reelgate-Webhooks/1")
                    .header("webhook-id", c.eventId()).header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Attempt.delivered().with("last_status", status);
            }
            String text = response.body() == null ? "" : response.body().strip();
            return Attempt.failed("HTTP " + status + (text.isEmpty() ? "" : ": " + clip(text))).with("last_status", status);
        } catch (ChangeRefused e) {
            return failed(e.getMessage());
        } catch (IOException e) {
            return failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + clip(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        } catch (IllegalArgumentException e) {
            return failed("bad URL: " + clip(e.getMessage()));
        }
    }

    private static Attempt failed(String error) {
        return Attempt.failed(error).with("last_status", null);
    }

    @Transactional
    List<Claimed> load(List<Long> ids) {
        return SqlRow.list(em.createNativeQuery("""
                select d.id, e.url, d.event_id, d.payload, e.secret,
                       case when e.previous_until > now() then e.previous_secret end as previous_secret
                from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
                where d.id = any(?1)
                order by d.next_attempt_at, d.id
                """, Tuple.class).setParameter(1, ids.toArray(Long[]::new))).stream()
                .map(r -> new Claimed(r.longValue("id"), r.string("url"), r.string("event_id"), r.string("payload"),
                        r.string("secret"), r.string("previous_secret")))
                .toList();
    }

    private static String clip(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "…";
    }
}
