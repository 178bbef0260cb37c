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
import io.reelgate.lease.LeasedTable;
import io.reelgate.lease.Leases;
import io.reelgate.web.SqlRow;

/**
 * Durable store of verified webhook events and their hand-over to {@link ProviderEventListener}s.
 * Recording deduplicates by (provider, webhook-id). Delivery leases a batch with
 * {@code FOR UPDATE SKIP LOCKED} (so instances never deliver one event twice at once; {@code
 * lease/Leases} renews the leases while the batch is handed over and fences each outcome's write),
 * calls the listeners outside the lock, and retries failures with backoff; a periodic sweep picks up
 * what a crash or a failure left behind.
 */
@ApplicationScoped
public class WebhookInbox {

    private static final Logger LOG = Logger.getLogger(WebhookInbox.class);
    private static final LeasedTable LEASED = LeasedTable.of("webhook_event");
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final int BATCH = 50;

    private final EntityManager em;
    private final Instance<ProviderEventListener> listeners;
    private final ManagedExecutor executor;
    private final WebhooksConfig config;
    private final Leases leases;

    /** A claimed event and its row. */
    record Claimed(long id, VideoEvent event) {
    }

    WebhookInbox(EntityManager em, Instance<ProviderEventListener> listeners, ManagedExecutor executor,
            WebhooksConfig config, Leases leases) {
        this.em = em;
        this.leases = leases;
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
        int[] delivered = {0};
        List<Claimed> batch = List.of();
        do {
            if (leases.closing()) {
                break;
            }
            batch = claim();
            leases.eachHeld(LEASED, batch, Claimed::id, (claimed, held) -> {
                VideoEvent event = claimed.event();
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
                    markDelivered(held);
                    delivered[0]++;
                } else {
                    markFailed(held, failure);
                }
            });
        } while (batch.size() == BATCH);
        return delivered[0];
    }

    @Transactional
    List<Claimed> claim() {
        return SqlRow.list(em.createNativeQuery("""
                update webhook_event set lease_owner = ?3, lease_until = now() + make_interval(secs => ?1)
                where id in (
                    select id from webhook_event where processed_at is null and next_attempt_at <= now()
                      and (lease_until is null or lease_until < now())
                    order by received_at limit ?2 for update skip locked)
                returning id, provider, webhook_id, event_id, event_type, video_id, received_at
                """, Tuple.class).setParameter(1, leases.seconds()).setParameter(2, BATCH)
                .setParameter(3, leases.owner())).stream()
                .map(r -> new Claimed(r.longValue("id"), new VideoEvent(r.string("provider"), r.string("webhook_id"),
                        r.string("event_id"), r.string("event_type"), r.string("video_id"), r.instant("received_at"))))
                .toList();
    }

    /** Marks the event handed over, only while this instance still holds its lease. */
    @Transactional
    void markDelivered(Leases.Held held) {
        leases.fence(held, true);
        em.createNativeQuery("""
                update webhook_event
                set processed_at = now(), attempts = attempts + 1, last_error = null, lease_owner = null, lease_until = null
                where id = ?1
                """)
                .setParameter(1, held.key()).executeUpdate();
    }

    @Transactional
    void markFailed(Leases.Held held, RuntimeException e) {
        leases.fence(held, true);
        em.createNativeQuery("""
                update webhook_event
                set attempts = attempts + 1, last_error = ?2, next_attempt_at = now() + make_interval(secs => least(900,
                    ?3 * power(2, least(attempts, 10)))), lease_owner = null, lease_until = null
                where id = ?1
                """)
                .setParameter(1, held.key()).setParameter(2, String.valueOf(e.getMessage()))
                .setParameter(3, config.retryBase().toMillis() / 1000.0).executeUpdate();
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
