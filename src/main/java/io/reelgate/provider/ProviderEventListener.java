package io.reelgate.provider;

/**
 * Receives verified, deduplicated provider events, off the request thread and after the webhook
 * was answered. Delivery is at least once (an event is retried until every listener returns), so
 * listeners must be idempotent. The pipeline implements it.
 */
public interface ProviderEventListener {

    void onVideoEvent(VideoEvent event);

    /** Thrown by a listener that cannot act on the event yet; it is delivered again later, quietly. */
    class RetryLater extends RuntimeException {
        public RetryLater(String message) {
            super(message, null, false, false);
        }
    }
}
