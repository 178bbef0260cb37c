package io.reelgate.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.lease.LeasedTable;
import io.reelgate.lease.Leases;
import io.reelgate.provider.StandardWebhooks;
import io.reelgate.web.SqlRow;
import io.reelgate.team.ChangeRefused;

/**
 * Delivers the {@code webhook_delivery} outbox. Due rows of enabled endpoints are claimed with a
 * lease ({@code FOR UPDATE SKIP LOCKED}; {@code lease/Leases} renews it while the batch is sent and
 * fences the outcome's write), so several instances never send one delivery at the same time; a
 * crash mid-send leaves the row to be sent again once the lease runs out (receivers dedupe on
 * {@code webhook-id}, which stays the same across attempts).
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

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int MAX_ERROR = 300;
    private static final LeasedTable LEASED = LeasedTable.of("webhook_delivery");

    /** One claimed delivery with what signing it needs. */
    record Claimed(long id, String url, String eventId, String payload, int attempts, Instant createdAt, String secret,
            String previousSecret) {
    }

    private final EntityManager em;
    private final ApiConfig config;
    private final HttpClient http;
    private final Leases leases;

    WebhookSender(EntityManager em, ApiConfig config, Leases leases) {
        this.em = em;
        this.leases = leases;
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
        if (leases.closing()) {
            return 0;
        }
        giveUpExpired();
        int[] delivered = {0};
        leases.eachHeld(LEASED, claim(), Claimed::id, (c, held) -> {
            Outcome outcome = send(c);
            record(c, held, outcome);
            if (outcome.delivered()) {
                delivered[0]++;
            }
        });
        return delivered[0];
    }

    /** What one attempt came to. */
    record Outcome(boolean delivered, Integer status, String error) {
    }

    Outcome send(Claimed c) {
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
                return new Outcome(true, status, null);
            }
            String text = response.body() == null ? "" : response.body().strip();
            return new Outcome(false, status, "HTTP " + status + (text.isEmpty() ? "" : ": " + clip(text)));
        } catch (ChangeRefused e) {
            return new Outcome(false, null, e.getMessage());
        } catch (IOException e) {
            return new Outcome(false, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + clip(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, null, "interrupted");
        } catch (IllegalArgumentException e) {
            return new Outcome(false, null, "bad URL: " + clip(e.getMessage()));
        }
    }

    @Transactional
    List<Claimed> claim() {
        return SqlRow.list(em.createNativeQuery("""
                update webhook_delivery d set lease_owner = ?2, lease_until = now() + make_interval(secs => ?1),
                       attempts = d.attempts + 1
                from webhook_endpoint e
                where e.id = d.endpoint_id and d.id in (
                    select d2.id from webhook_delivery d2 join webhook_endpoint e2 on e2.id = d2.endpoint_id
                    where d2.state = 'PENDING' and d2.next_attempt_at <= now() and e2.enabled
                      and (d2.lease_until is null or d2.lease_until < now())
                    order by d2.next_attempt_at, d2.id limit 50 for update of d2 skip locked)
                returning d.id, e.url, d.event_id, d.payload, d.attempts, d.created_at, e.secret,
                          case when e.previous_until > now() then e.previous_secret end as previous_secret
                """, Tuple.class).setParameter(1, leases.seconds()).setParameter(2, leases.owner())).stream()
                .map(r -> new Claimed(r.longValue("id"), r.string("url"), r.string("event_id"), r.string("payload"),
                        r.intValue("attempts"), r.instant("created_at"), r.string("secret"), r.string("previous_secret")))
                .toList();
    }

    /** Records the attempt, only while this instance still holds the delivery's lease. */
    @Transactional
    void record(Claimed c, Leases.Held held, Outcome outcome) {
        leases.fence(held, true);
        if (outcome.delivered()) {
            em.createNativeQuery("""
                    update webhook_delivery
                    set state = 'DELIVERED', delivered_at = now(), lease_owner = null, lease_until = null, last_status = ?2,
                        last_error = null
                    where id = ?1
                    """).setParameter(1, c.id())
                    .setParameter(2, outcome.status()).executeUpdate();
            return;
        }
        Duration delay = delay(c.attempts());
        boolean giveUp = !Instant.now().plus(delay).isBefore(c.createdAt().plus(config.webhooks().retryFor()));
        em.createNativeQuery("""
                update webhook_delivery
                set state = ?2, next_attempt_at = now() + make_interval(secs => ?3), lease_owner = null, lease_until = null,
                    last_status = ?4, last_error = ?5
                where id = ?1
                """).setParameter(1, c.id())
                .setParameter(2, giveUp ? "FAILED" : "PENDING").setParameter(3, delay.toMillis() / 1000.0)
                .setParameter(4, outcome.status()).setParameter(5, outcome.error()).executeUpdate();
        if (giveUp) {
            LOG.warnf("Webhook %s to %s given up after %d attempts: %s", c.eventId(), c.url(), c.attempts(), outcome.error());
        } else {
            LOG.debugf("Webhook %s to %s failed (attempt %d, next in %s): %s", c.eventId(), c.url(), c.attempts(), delay,
                    outcome.error());
        }
    }

    /** Deliveries still pending when their day is over (an endpoint disabled meanwhile) are given up. */
    @Transactional
    void giveUpExpired() {
        em.createNativeQuery("""
                update webhook_delivery
                set state = 'FAILED', last_error = coalesce(last_error, 'not delivered within ' || ?2)
                where state = 'PENDING' and created_at < now() - make_interval(secs => ?1)
                """)
                .setParameter(1, (double) config.webhooks().retryFor().toSeconds())
                .setParameter(2, config.webhooks().retryFor().toString().substring(2).toLowerCase()).executeUpdate();
    }

    /** base · 2^(attempt-1), at most {@code max-delay}. */
    Duration delay(int attempt) {
        Duration base = config.webhooks().retryBase();
        Duration delay = base.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return delay.compareTo(config.webhooks().maxDelay()) > 0 ? config.webhooks().maxDelay() : delay;
    }

    private static String clip(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "…";
    }
}
