package io.reelgate.provider;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.outbox.Attempt;
import io.reelgate.outbox.Outbox;
import io.reelgate.outbox.OutboxTable;
import io.reelgate.outbox.Retries;
import io.reelgate.web.SqlRow;

/**
 * Durable store of verified webhook events and their hand-over to {@link ProviderEventListener}s.
 * Recording deduplicates by (provider, webhook-id). Delivery goes through {@code outbox/Outbox}
 * (claimed under a lease, so instances never deliver one event twice at once; each outcome's write
 * fenced), calls the listeners outside any lock, and retries failures with backoff; a periodic
 * sweep picks up what a crash or a failure left behind.
 */
@ApplicationScoped
public class WebhookInbox {

    private static final Logger LOG = Logger.getLogger(WebhookInbox.class);
    /**
     * Handed over when every listener took it; never given up (a listener may wait for its video
     * for long, and the backoff stops at {@code max-delay}); kept {@code keep-for} after it arrived,
     * to drop a provider's repeated delivery.
     */
    static final OutboxTable OUTBOX = OutboxTable.of("provider-events", "webhook_event", "processed_at is null",
            "processed_at = now()").order("received_at").bornAt("received_at");

    private final EntityManager em;
    private final Instance<ProviderEventListener> listeners;
    private final ManagedExecutor executor;
    private final WebhooksConfig config;
    private final Outbox outbox;

    /** A claimed event and its row. */
    record Claimed(long id, VideoEvent event) {
    }

    WebhookInbox(EntityManager em, Instance<ProviderEventListener> listeners, ManagedExecutor executor,
            WebhooksConfig config, Outbox outbox) {
        this.em = em;
        this.outbox = outbox;
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
    }

    /** Delivers everything due (and purges what is past keeping); returns how many events were delivered. */
    public int deliverPending() {
        return outbox.sweep(OUTBOX, Retries.backoff(config.retryBase(), config.maxDelay()).keepingFor(config.keepFor()),
                this::load, c -> List.of(c.id()), claimed -> {
                    VideoEvent event = claimed.event();
                    // Every listener hears every event, whatever the others do: one listener waiting for
                    // its data (RetryLater) must not starve another. Any failure redelivers to all later,
                    // which the at-least-once contract allows.
                    RuntimeException failure = null;
                    for (ProviderEventListener listener : listeners) {
                        try {
                            listener.onVideoEvent(event);
                        } catch (ProviderEventListener.RetryLater e) {
                            LOG.debugf("Webhook event %s/%s deferred: %s", event.provider(), event.webhookId(),
                                    e.getMessage());
                            failure = failure == null ? e : failure;
                        } catch (RuntimeException e) {
                            LOG.warnf(e, "Webhook event %s/%s (%s %s) not delivered; will retry", event.provider(),
                                    event.webhookId(), event.type(), event.videoId());
                            failure = e;
                        }
                    }
                    return failure == null ? Attempt.delivered() : Attempt.failed(String.valueOf(failure.getMessage()));
                });
    }

    @Transactional
    List<Claimed> load(List<Long> ids) {
        return SqlRow.list(em.createNativeQuery("""
                select id, provider, webhook_id, event_id, event_type, video_id, received_at
                from webhook_event where id = any(?1) order by received_at
                """, Tuple.class).setParameter(1, ids.toArray(Long[]::new))).stream()
                .map(r -> new Claimed(r.longValue("id"), new VideoEvent(r.string("provider"), r.string("webhook_id"),
                        r.string("event_id"), r.string("event_type"), r.string("video_id"), r.instant("received_at"))))
                .toList();
    }
}
