package io.reelgate.provider;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.web.SqlRow;

/**
 * Durable store of verified webhook events and their hand-over to {@link ProviderEventListener}s.
 * Recording deduplicates by (provider, webhook-id). Delivery leases a batch with
 * {@code FOR UPDATE SKIP LOCKED} (so instances never deliver one event twice at once), calls the
 * listeners outside the lock, and retries failures with backoff; a periodic sweep picks up what a
 * crash or a failure left behind.
 */
@ApplicationScoped
public class WebhookInbox {

    private static final Logger LOG = Logger.getLogger(WebhookInbox.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final int BATCH = 50;

    private final EntityManager em;
    private final Instance<ProviderEventListener> listeners;
    private final ManagedExecutor executor;
    private final WebhooksConfig config;

    WebhookInbox(EntityManager em, Instance<ProviderEventListener> listeners, ManagedExecutor executor,
            WebhooksConfig config) {
        this.em = em;
        this.listeners = listeners;
        this.executor = executor;
        this.config = config;
    }

    /** Stores the event; false when this delivery was seen before. */
    @Transactional
    public boolean record(VideoEvent event, String payload) {
        int inserted = em.createNativeQuery("""
                insert into webhook_event (provider, webhook_id, event_id, event_type, video_id, payload)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict do nothing
                """)
                .setParameter(1, event.provider())
                .setParameter(2, event.webhookId())
                .setParameter(3, event.eventId())
                .setParameter(4, event.type())
                .setParameter(5, event.videoId())
                .setParameter(6, payload)
                .executeUpdate();
        return inserted == 1;
    }

    /** Delivers pending events on a worker thread, not the caller's. */
    public void deliverSoon() {
        executor.execute(this::deliverPending);
    }

    @Scheduled(every = "${reelgate.webhooks.sweep-interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        deliverPending();
        purgeOld();
    }

    /** Delivers everything due; returns how many events were delivered. */
    public int deliverPending() {
        int delivered = 0;
        List<VideoEvent> batch;
        do {
            batch = claim();
            for (VideoEvent event : batch) {
                // Every listener hears every event, whatever the others do: one listener waiting for
                // its data (RetryLater) must not starve another. Any failure redelivers to all later,
                // which the at-least-once contract allows.
                RuntimeException failure = null;
                for (ProviderEventListener listener : listeners) {
                    try {
                        listener.onVideoEvent(event);
                    } catch (ProviderEventListener.RetryLater e) {
                        LOG.debugf("Webhook event %s/%s deferred: %s", event.provider(), event.webhookId(), e.getMessage());
                        failure = failure == null ? e : failure;
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Webhook event %s/%s (%s %s) not delivered; will retry", event.provider(),
                                event.webhookId(), event.type(), event.videoId());
                        failure = e;
                    }
                }
                if (failure == null) {
                    markDelivered(event);
                    delivered++;
                } else {
                    markFailed(event, failure);
                }
            }
        } while (batch.size() == BATCH);
        return delivered;
    }

    @Transactional
    List<VideoEvent> claim() {
        return SqlRow.list(em.createNativeQuery("""
                update webhook_event set next_attempt_at = now() + make_interval(secs => ?1)
                where (provider, webhook_id) in (
                    select provider, webhook_id from webhook_event where processed_at is null and next_attempt_at <= now()
                    order by received_at limit ?2 for update skip locked)
                returning provider, webhook_id, event_id, event_type, video_id, received_at
                """, Tuple.class).setParameter(1, (double) LEASE.toSeconds()).setParameter(2, BATCH)).stream()
                .map(r -> new VideoEvent(r.string("provider"), r.string("webhook_id"), r.string("event_id"),
                        r.string("event_type"), r.string("video_id"), r.instant("received_at"))).toList();
    }

    @Transactional
    void markDelivered(VideoEvent event) {
        em.createNativeQuery("""
                update webhook_event
                set processed_at = now(), attempts = attempts + 1, last_error = null
                where provider = ?1 and webhook_id = ?2
                """)
                .setParameter(1, event.provider()).setParameter(2, event.webhookId()).executeUpdate();
    }

    @Transactional
    void markFailed(VideoEvent event, RuntimeException e) {
        em.createNativeQuery("""
                update webhook_event
                set attempts = attempts + 1, last_error = ?3, next_attempt_at = now() + make_interval(secs => least(900,
                    ?4 * power(2, least(attempts, 10))))
                where provider = ?1 and webhook_id = ?2
                """)
                .setParameter(1, event.provider()).setParameter(2, event.webhookId())
                .setParameter(3, String.valueOf(e.getMessage()))
                .setParameter(4, config.retryBase().toMillis() / 1000.0).executeUpdate();
    }

    @Transactional
    void purgeOld() {
        em.createNativeQuery("""
                delete
                from webhook_event
                where processed_at is not null and received_at < now() - make_interval(days => ?1)
                """).setParameter(1, (int) RETENTION.toDays()).executeUpdate();
    }
}
